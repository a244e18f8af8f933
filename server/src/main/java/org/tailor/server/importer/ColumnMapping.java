package org.tailor.server.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * How the columns of a source file feed Tailor's fields: for each field, the header of the source
 * column, and how dates, times and decimals are written. Two mappings are built in ({@code tailor},
 * Tailor's own layout, and {@code online-retail}, the UCI Online Retail layout); any other layout
 * is described by a small {@code .properties} file, documented in {@code docs/import-formats.md}.
 *
 * @param name the mapping's name, shown in reports and recorded with each import
 * @param kind the kind of file the mapping reads
 * @param columns for each Tailor field, the header of the column it is read from
 * @param delimiter the character between values, usually {@code ,} or {@code ;}
 * @param decimalSeparator {@code .} or {@code ,}
 * @param datePattern a {@link DateTimeFormatter} pattern for dates; empty for ISO 8601
 * @param dateTimePattern a pattern for date-times; empty for ISO 8601 (with offset, or local)
 * @param timeZone the zone of local date-times (those written without an offset)
 * @param currency ISO 4217 code of the amounts; empty for the server's currency
 * @param storeCode the store of purchases when the file has no store column
 * @param storeName the name given to that store when the import creates it
 * @param storeCountry the country (ISO 3166 alpha-2) given to that store when created
 * @param returnPrefix a receipt number starting with it is a return; empty: a receipt whose
 *     quantities are all negative is a return
 * @param createMissing purchases only: create unknown products, shoppers and the store from the
 *     file instead of reporting them as errors
 * @param categoryFromName purchases only: the category of a product created from the file is
 *     derived from its name by {@link DescriptionCategories} when no category column is mapped
 */
public record ColumnMapping(
    String name,
    ImportKind kind,
    Map<String, String> columns,
    char delimiter,
    char decimalSeparator,
    Optional<String> datePattern,
    Optional<String> dateTimePattern,
    ZoneId timeZone,
    Optional<String> currency,
    Optional<String> storeCode,
    Optional<String> storeName,
    Optional<String> storeCountry,
    Optional<String> returnPrefix,
    boolean createMissing,
    boolean categoryFromName) {

  /** The name of the built-in mapping for Tailor's own layout. */
  public static final String TAILOR = "tailor";

  /** The name of the built-in mapping for the UCI Online Retail layout. */
  public static final String ONLINE_RETAIL = "online-retail";

  private static final String ONLINE_RETAIL_RESOURCE = "/importer/online-retail.properties";

  private static final Set<String> KNOWN_KEYS =
      Set.of(
          "kind",
          "delimiter",
          "decimal.separator",
          "date.pattern",
          "date.time.pattern",
          "time.zone",
          "currency",
          "store.code",
          "store.name",
          "store.country",
          "return.prefix",
          "create.missing",
          "category.from.name");

  public ColumnMapping {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    columns = Map.copyOf(columns);
    Objects.requireNonNull(datePattern, "datePattern");
    Objects.requireNonNull(dateTimePattern, "dateTimePattern");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(storeName, "storeName");
    Objects.requireNonNull(storeCountry, "storeCountry");
    Objects.requireNonNull(returnPrefix, "returnPrefix");
    for (String field : columns.keySet()) {
      if (!kind.hasField(field)) {
        throw new InvalidInputException(
            "column." + field, columns.get(field), expectedFields(kind));
      }
    }
    for (String field : kind.requiredFields()) {
      if (!columns.containsKey(field)) {
        throw new InvalidInputException(
            "column." + field, null, Message.of("importer", "mapping.required", kind.cliName()));
      }
    }
    if (decimalSeparator != '.' && decimalSeparator != ',') {
      throw new InvalidInputException(
          "decimal.separator",
          String.valueOf(decimalSeparator),
          Message.of("errors", "expected.one.of", ". ,"));
    }
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new InvalidInputException(
          "delimiter", String.valueOf(delimiter), Message.of("importer", "mapping.delimiter"));
    }
    datePattern.ifPresent(p -> checkPattern("date.pattern", p));
    dateTimePattern.ifPresent(p -> checkPattern("date.time.pattern", p));
  }

  /** Tailor's own layout for {@code kind}: every column named as the field it feeds. */
  public static ColumnMapping tailor(ImportKind kind) {
    Map<String, String> columns = new LinkedHashMap<>();
    kind.layoutFields().forEach(field -> columns.put(field, field));
    return new ColumnMapping(
        TAILOR,
        kind,
        columns,
        ',',
        '.',
        Optional.empty(),
        Optional.empty(),
        ZoneId.of("UTC"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        false);
  }

  /** The UCI Online Retail layout (purchases only), from the bundled mapping file. */
  public static ColumnMapping onlineRetail() {
    try (InputStream in = ColumnMapping.class.getResourceAsStream(ONLINE_RETAIL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(ONLINE_RETAIL_RESOURCE + " is missing from the classpath");
      }
      Properties properties = new Properties();
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return fromProperties(ONLINE_RETAIL, properties);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The mapping named {@code nameOrFile} for files of {@code kind}: {@code tailor}, {@code
   * online-retail}, or the path of a mapping {@code .properties} file.
   */
  public static ColumnMapping resolve(String nameOrFile, ImportKind kind) {
    ColumnMapping mapping;
    if (nameOrFile.equals(TAILOR)) {
      mapping = tailor(kind);
    } else if (nameOrFile.equals(ONLINE_RETAIL)) {
      mapping = onlineRetail();
    } else if (nameOrFile.endsWith(".properties")) {
      mapping = load(Path.of(nameOrFile));
    } else {
      throw new InvalidInputException(
          "mapping", nameOrFile, Message.of("importer", "mapping.expected"));
    }
    if (mapping.kind() != kind) {
      throw new InvalidInputException(
          "mapping",
          nameOrFile,
          Message.of("importer", "mapping.wrong.kind", mapping.kind().cliName(), kind.cliName()));
    }
    return mapping;
  }

  /** Reads a mapping file; its name is the file name without {@code .properties}. */
  public static ColumnMapping load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "mapping", file.toString(), Message.of("importer", "mapping.expected"));
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mapping " + file, e);
    }
    String fileName = file.getFileName().toString();
    return fromProperties(
        fileName.substring(0, fileName.length() - ".properties".length()), properties);
  }

  /** A mapping from the keys of a mapping file (documented in {@code docs/import-formats.md}). */
  public static ColumnMapping fromProperties(String name, Properties properties) {
    for (String key : properties.stringPropertyNames()) {
      if (!key.startsWith("column.") && !KNOWN_KEYS.contains(key)) {
        throw new InvalidInputException(
            key,
            properties.getProperty(key),
            Message.of(
                "importer", "mapping.unknown.key", String.join(", ", new TreeSet<>(KNOWN_KEYS))));
      }
    }
    String kindName = text(properties, "kind");
    if (kindName.isEmpty()) {
      throw new InvalidInputException(
          "kind", null, Message.of("errors", "expected.one.of", ImportKind.allNames()));
    }
    ImportKind kind = ImportKind.named(kindName);
    Map<String, String> columns = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      String header = properties.getProperty(key).trim();
      if (key.startsWith("column.") && !header.isEmpty()) {
        columns.put(key.substring("column.".length()), header);
      }
    }
    String zone = text(properties, "time.zone");
    ZoneId timeZone;
    try {
      timeZone = zone.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidInputException(
          "time.zone", zone, Message.of("errors", "expected.time.zone"));
    }
    return new ColumnMapping(
        name,
        kind,
        columns,
        character(properties, "delimiter", ','),
        character(properties, "decimal.separator", '.'),
        optional(properties, "date.pattern"),
        optional(properties, "date.time.pattern"),
        timeZone,
        optional(properties, "currency").map(c -> c.toUpperCase(Locale.ROOT)),
        optional(properties, "store.code"),
        optional(properties, "store.name"),
        optional(properties, "store.country").map(c -> c.toUpperCase(Locale.ROOT)),
        optional(properties, "return.prefix"),
        bool(properties, "create.missing"),
        bool(properties, "category.from.name"));
  }

  /** The source column header for {@code field}, if the mapping reads it. */
  public Optional<String> column(String field) {
    return Optional.ofNullable(columns.get(field));
  }

  private static String text(Properties properties, String key) {
    return properties.getProperty(key, "").trim();
  }

  private static Optional<String> optional(Properties properties, String key) {
    String value = text(properties, key);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static char character(Properties properties, String key, char defaultValue) {
    String raw = properties.getProperty(key, "");
    String value = raw.equals("\\t") || raw.equals("\t") ? "\t" : raw.trim();
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (value.length() != 1) {
      throw new InvalidInputException(key, value, Message.of("importer", "mapping.character"));
    }
    return value.charAt(0);
  }

  private static boolean bool(Properties properties, String key) {
    String value = text(properties, key).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "false", "no" -> false;
      case "true", "yes" -> true;
      default ->
          throw new InvalidInputException(
              key, value, Message.of("errors", "expected.one.of", "true, false"));
    };
  }

  private static void checkPattern(String key, String pattern) {
    try {
      DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(key, pattern, Message.of("importer", "mapping.pattern"));
    }
  }

  private static Message expectedFields(ImportKind kind) {
    StringBuilder fields = new StringBuilder();
    for (String field : kind.layoutFields()) {
      fields.append(fields.length() == 0 ? "" : ", ").append(field);
    }
    for (String field : kind.extraFields()) {
      fields.append(", ").append(field);
    }
    return Message.of("errors", "expected.one.of", fields.toString());
  }
}
