package org.tailor.server.importer;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tailor.server.i18n.Message;

/**
 * Where each Tailor field sits in one particular file: the mapping applied to the file's header
 * row, with the date and number formats the mapping names.
 */
final class SourceColumns {

  final String fileName;
  final ColumnMapping mapping;
  final int width;
  final DateTimeFormatter dateFormat;
  final Optional<DateTimeFormatter> dateTimeFormat;
  final ZoneId timeZone;

  /** The last date-time text read and what it meant, for {@link Cells#instant}. */
  String lastMoment = "";

  Instant lastInstant = Instant.EPOCH;
  private final Map<String, Integer> indexByField;
  private final Map<String, String> headerByField;
  private final List<String> header;

  private SourceColumns(
      String fileName,
      ColumnMapping mapping,
      List<String> header,
      Map<String, Integer> indexByField,
      Map<String, String> headerByField) {
    this.fileName = fileName;
    this.mapping = mapping;
    this.header = List.copyOf(header);
    this.width = header.size();
    this.indexByField = indexByField;
    this.headerByField = headerByField;
    this.dateFormat =
        mapping.datePattern().map(SourceColumns::strict).orElse(DateTimeFormatter.ISO_LOCAL_DATE);
    this.dateTimeFormat = mapping.dateTimePattern().map(SourceColumns::strict);
    this.timeZone = mapping.timeZone();
  }

  /**
   * Matches the mapping's column headers against the file's header row (ignoring case and
   * surrounding spaces). A required field whose column is missing is an error of the file.
   */
  static SourceColumns match(
      String fileName,
      ColumnMapping mapping,
      List<String> header,
      List<String> alsoRequired,
      List<RowError> errors) {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      positions.putIfAbsent(normalise(header.get(i)), i);
    }
    Map<String, Integer> indexByField = new HashMap<>();
    Map<String, String> headerByField = new HashMap<>();
    List<String> required = new ArrayList<>(mapping.kind().requiredFields());
    required.addAll(alsoRequired);
    for (Map.Entry<String, String> column : mapping.columns().entrySet()) {
      Integer index = positions.get(normalise(column.getValue()));
      if (index != null) {
        indexByField.put(column.getKey(), index);
        headerByField.put(column.getKey(), header.get(index));
      } else if (required.contains(column.getKey())) {
        errors.add(
            new RowError(
                fileName,
                1,
                "",
                "",
                Message.of(
                    "importer",
                    "file.column.missing",
                    column.getValue(),
                    String.join(", ", header))));
      }
    }
    return new SourceColumns(fileName, mapping, header, indexByField, headerByField);
  }

  boolean has(String field) {
    return indexByField.containsKey(field);
  }

  /** The raw (trimmed) value of {@code field} in {@code values}; empty if absent. */
  String raw(List<String> values, String field) {
    Integer index = indexByField.get(field);
    if (index == null || index >= values.size()) {
      return "";
    }
    return values.get(index);
  }

  /** The header of the column at {@code index}, or its number when the header is shorter. */
  String headerAt(int index) {
    return index < header.size() ? header.get(index) : String.valueOf(index + 1);
  }

  /** The header of the column feeding {@code field}, as the file writes it. */
  String header(String field) {
    return headerByField.getOrDefault(field, field);
  }

  private static String normalise(String header) {
    return header.trim().toLowerCase(Locale.ROOT);
  }

  private static DateTimeFormatter strict(String pattern) {
    DateTimeFormatterBuilder builder =
        new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern);
    if (pattern.indexOf('y') >= 0 && pattern.indexOf('G') < 0) {
      builder.parseDefaulting(ChronoField.ERA, 1);
    }
    return builder.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
  }
}
