package org.tailor.server.lifetime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tailor.scoring.value.lifetime.CalibrationSummaries;
import org.tailor.server.i18n.Message;
import org.tailor.server.importer.RowError;

/**
 * Reads a transaction log (CSV with a header row, plain or {@code .gz}, UTF-8) into {@link
 * CalibrationSummaries}. The first bad cell stops the reading with a {@link
 * TransactionLogException} naming the file, line, column, value and what was expected.
 */
public final class TransactionLog {

  /**
   * @param summaries the summaries the transactions were added to
   * @param transactions how many transactions (data rows) were read
   */
  public record Read(CalibrationSummaries summaries, long transactions) {}

  private TransactionLog() {}

  public static Read read(Path file, TransactionColumns columns) {
    String name = file.getFileName().toString();
    Optional<DateTimeFormatter> formatter = columns.dateFormatter();
    String dateForms = columns.datePattern().orElse(TransactionColumns.DEFAULT_DATE_FORMS);
    CalibrationSummaries summaries = new CalibrationSummaries();
    long transactions = 0;
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
    try (Reader reader = open(file);
        CSVParser parser = CSVParser.parse(reader, format)) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw new TransactionLogException(
            new RowError(name, 1, "", "", Message.of("importer", "file.empty")));
      }
      int customerColumn = column(name, header, columns.customer());
      int dateColumn = column(name, header, columns.date());
      Optional<Integer> amountColumn = columns.amount().map(amount -> column(name, header, amount));
      for (CSVRecord row : parser) {
        long line = row.getRecordNumber() + 1;
        String customer = cell(row, customerColumn);
        if (customer.isEmpty()) {
          throw cellError(name, line, columns.customer(), customer, "value.required");
        }
        String dateText = cell(row, dateColumn);
        LocalDate day =
            TransactionColumns.parseDay(dateText, formatter)
                .orElseThrow(
                    () -> cellError(name, line, columns.date(), dateText, "value.date", dateForms));
        double amount = 0;
        if (amountColumn.isPresent()) {
          String amountText = cell(row, amountColumn.get());
          amount = parseAmount(amountText);
          if (!Double.isFinite(amount)) {
            throw cellError(name, line, columns.amount().get(), amountText, "value.number", ".");
          }
        }
        summaries.add(customer, day, amount);
        transactions++;
      }
    } catch (CharacterCodingException e) {
      throw new TransactionLogException(
          new RowError(name, 1, "", "", Message.of("importer", "value.encoding")));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new TransactionLogException(
          new RowError(
              name, 1, "", "", Message.of("importer", "file.unreadable", String.valueOf(e))));
    }
    return new Read(summaries, transactions);
  }

  private static Reader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static int column(String file, List<String> header, String wanted) {
    int index = header.indexOf(wanted);
    if (index < 0) {
      throw new TransactionLogException(
          new RowError(
              file,
              1,
              "",
              "",
              Message.of("importer", "file.column.missing", wanted, String.join(", ", header))));
    }
    return index;
  }

  private static String cell(CSVRecord row, int column) {
    return column < row.size() ? row.get(column) : "";
  }

  private static double parseAmount(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static TransactionLogException cellError(
      String file, long line, String column, String value, String key, Object... args) {
    return new TransactionLogException(
        new RowError(file, line, column, value, Message.of("importer", key, args)));
  }
}
