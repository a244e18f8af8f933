package org.tailor.server.importer;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * What a file holds: one of the six kinds of point-of-sale export Tailor imports. Each kind has the
 * fields of Tailor's own layout ({@code docs/import-formats.md}), some of them required, and
 * possibly extra fields that only a column mapping can feed.
 */
public enum ImportKind {
  STORES(
      "stores",
      List.of("store_code", "name", "region", "country", "time_zone"),
      List.of(),
      Set.of("store_code", "name", "time_zone")),
  PRODUCTS(
      "products",
      List.of("sku", "name", "category", "price", "cost"),
      List.of(),
      Set.of("sku", "name", "category")),
  SHOPPERS(
      "shoppers",
      List.of(
          "loyalty_id",
          "first_name",
          "last_name",
          "language",
          "birthday",
          "time_zone",
          "household_code",
          "home_store",
          "card_number",
          "phone",
          "email",
          "preferred_categories"),
      List.of("country"),
      Set.of("loyalty_id")),
  HOUSEHOLD_MEMBERS(
      "household-members",
      List.of("loyalty_id", "first_name", "relation", "birthday"),
      List.of(),
      Set.of("loyalty_id", "first_name", "relation")),
  CONSENTS(
      "consents",
      List.of("loyalty_id", "channel", "purpose", "status", "source", "occurred_at"),
      List.of(),
      Set.of("loyalty_id", "channel", "purpose", "status", "occurred_at")),
  PURCHASES(
      "purchases",
      List.of(
          "store_code",
          "receipt_number",
          "purchased_at",
          "loyalty_id",
          "line_number",
          "sku",
          "quantity",
          "unit_price"),
      List.of("product_name", "category", "shopper_country"),
      Set.of("receipt_number", "purchased_at", "sku", "quantity", "unit_price"));

  private final String cliName;
  private final List<String> layoutFields;
  private final List<String> extraFields;
  private final Set<String> requiredFields;

  ImportKind(
      String cliName,
      List<String> layoutFields,
      List<String> extraFields,
      Set<String> requiredFields) {
    this.cliName = cliName;
    this.layoutFields = layoutFields;
    this.extraFields = extraFields;
    this.requiredFields = requiredFields;
  }

  /** The name on the command line and in URLs, such as {@code household-members}. */
  public String cliName() {
    return cliName;
  }

  /** The columns of Tailor's own layout for this kind, in order. */
  public List<String> layoutFields() {
    return layoutFields;
  }

  /** Fields a column mapping may feed besides the layout's, such as a product's name. */
  public List<String> extraFields() {
    return extraFields;
  }

  /** Whether a mapping may name a column for {@code field}. */
  public boolean hasField(String field) {
    return layoutFields.contains(field) || extraFields.contains(field);
  }

  /** Fields every row must have a value for. */
  public Set<String> requiredFields() {
    return requiredFields;
  }

  /**
   * What {@code import_batch.mapping_name} records of an import of this kind with the mapping named
   * {@code mappingName}, such as {@code purchases:online-retail}; {@link #ofBatch} reads it back.
   */
  public String batchMapping(String mappingName) {
    return cliName + ":" + mappingName;
  }

  /**
   * The kind of an import batch, from its {@code mapping_name} ({@link #batchMapping}; the part up
   * to the colon); empty when that names no kind.
   */
  public static Optional<ImportKind> ofBatch(String mappingName) {
    int colon = mappingName.indexOf(':');
    String name = colon < 0 ? mappingName : mappingName.substring(0, colon);
    for (ImportKind kind : values()) {
      if (kind.cliName.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** The kind named {@code name} ({@code purchases}, {@code household-members}, ...). */
  public static ImportKind named(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (ImportKind kind : values()) {
      if (kind.cliName.equals(wanted)) {
        return kind;
      }
    }
    throw new InvalidInputException(
        "kind", name, Message.of("errors", "expected.one.of", allNames()));
  }

  /** All kind names, comma-separated, for messages. */
  public static String allNames() {
    StringBuilder names = new StringBuilder();
    for (ImportKind kind : values()) {
      if (names.length() > 0) {
        names.append(", ");
      }
      names.append(kind.cliName);
    }
    return names.toString();
  }
}
