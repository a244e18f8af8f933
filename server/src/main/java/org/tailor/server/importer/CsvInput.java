package org.tailor.server.importer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file read once from start to end: plain or gzip-compressed (recognised by its first bytes,
 * whatever its name), UTF-8 with or without a byte-order mark, RFC 4180 quoting. Bytes that are not
 * UTF-8 become U+FFFD, which {@link Cells} reports at their line and column. Knows the physical
 * line each record starts on, and the SHA-256 of the (decompressed) content once read to the end.
 */
final class CsvInput implements Closeable {

  private final MessageDigest digest;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private long lastLineEnd;
  private long currentLine;

  private CsvInput(MessageDigest digest, CSVParser parser) {
    this.digest = digest;
    this.parser = parser;
    this.records = parser.iterator();
  }

  static CsvInput open(Path file, char delimiter) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      raw.mark(2);
      int first = raw.read();
      int second = raw.read();
      raw.reset();
      InputStream content =
          first == 0x1f && second == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
      InputStream hashed = new BufferedInputStream(new DigestInputStream(content, digest), 1 << 16);
      skipByteOrderMark(hashed);
      InputStreamReader reader =
          new InputStreamReader(
              hashed,
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPLACE)
                  .onUnmappableCharacter(CodingErrorAction.REPLACE));
      CSVFormat format =
          CSVFormat.RFC4180
              .builder()
              .setDelimiter(delimiter)
              .setIgnoreEmptyLines(false)
              .setIgnoreSurroundingSpaces(true)
              .setTrim(true)
              .build();
      return new CsvInput(digest, CSVParser.parse(reader, format));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static void skipByteOrderMark(InputStream in) throws IOException {
    in.mark(3);
    if (in.read() != 0xEF || in.read() != 0xBB || in.read() != 0xBF) {
      in.reset();
    }
  }

  /**
   * The next record that is not an empty line, or empty at the end of the file. Throws {@link
   * UncheckedIOException} when the file cannot be read (not UTF-8, broken gzip, unclosed quote).
   */
  Optional<List<String>> next() {
    while (records.hasNext()) {
      CSVRecord record = records.next();
      currentLine = lastLineEnd + 1;
      lastLineEnd = parser.getCurrentLineNumber();
      if (record.size() == 1 && record.get(0).isEmpty()) {
        continue;
      }
      return Optional.of(record.toList());
    }
    return Optional.empty();
  }

  /** The physical line (1-based) the last record returned by {@link #next()} starts on. */
  long line() {
    return currentLine;
  }

  /** The line being read when reading failed. */
  long lineReached() {
    return parser.getCurrentLineNumber() + 1;
  }

  /** SHA-256 (hex) of everything read so far: of the whole content once read to the end. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
