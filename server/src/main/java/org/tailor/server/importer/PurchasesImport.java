package org.tailor.server.importer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tailor.server.i18n.Message;

/**
 * Purchases: one row per receipt line. Receipts are unique by store and receipt number, so a
 * receipt already stored is skipped whole (re-importing a file, or an overlapping one, adds
 * nothing). A return is kept as a receipt with negative quantities and {@code is_return}: either
 * its number starts with the mapping's return prefix, or all its quantities are negative.
 *
 * <p>Validation gathers every receipt's header (time, shopper, total) and the products and shoppers
 * the file needs; writing creates those that are missing (when the mapping allows it), then the
 * receipts, then streams the lines in JDBC batches.
 */
final class PurchasesImport extends KindImport<PurchasesImport.Line> {

  private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

  record Line(
      String storeCode,
      String receiptNumber,
      Instant purchasedAt,
      String loyaltyId,
      Integer lineNumber,
      String sku,
      int quantity,
      BigDecimal unitPrice,
      BigDecimal amount,
      String productName,
      String category,
      String shopperCountry) {

    String receiptKey() {
      return storeCode + '\u0000' + receiptNumber;
    }
  }

  /** A receipt as the file describes it, filled in while validating. */
  private static final class Receipt {
    final String storeCode;
    final String number;
    final long firstLine;
    final String loyaltyId;
    Instant purchasedAt;
    BigDecimal total = BigDecimal.ZERO;
    boolean allNegative = true;
    BitSet lineNumbers;
    int nextLineNumber = 1;
    long purchaseId;
    boolean alreadyStored;

    Receipt(String storeCode, String number, long firstLine, String loyaltyId, Instant at) {
      this.storeCode = storeCode;
      this.number = number;
      this.firstLine = firstLine;
      this.loyaltyId = loyaltyId;
      this.purchasedAt = at;
    }
  }

  private static final class ProductDraft {
    String name;
    String category;
    BigDecimal price;

    ProductDraft(String name, String category, BigDecimal price) {
      this.name = name;
      this.category = category;
      this.price = price;
    }
  }

  private record ShopperDraft(String language, String country, String homeStore) {}

  private boolean storePerRow;
  private boolean explicitLineNumbers;
  private String fixedStore;
  private Map<String, Long> storeIds = Map.of();
  private final Set<String> newStores = new LinkedHashSet<>();
  private final Map<String, Long> productIds = new HashMap<>();
  private final Map<String, ProductDraft> newProducts = new LinkedHashMap<>();
  private final Map<String, Long> shopperIds = new HashMap<>();
  private final Map<String, ShopperDraft> newShoppers = new LinkedHashMap<>();
  private final Map<String, Receipt> receipts = new LinkedHashMap<>();

  PurchasesImport(ImportContext context) {
    super(context);
  }

  @Override
  void checkHeader(Connection connection, SourceColumns columns, List<RowError> fileErrors)
      throws SQLException {
    String file = columns.fileName;
    storeIds = new HashMap<>(KnownStores.load(connection));
    storePerRow = columns.has("store_code");
    explicitLineNumbers = columns.has("line_number");
    Optional<String> given = context.request().storeCode();
    if (storePerRow) {
      if (given.isPresent()) {
        fileErrors.add(
            new RowError(
                file,
                1,
                "",
                "",
                Message.of("importer", "file.store.twice", columns.header("store_code"))));
      }
      return;
    }
    Optional<String> store = given.or(() -> context.mapping().storeCode());
    if (store.isEmpty()) {
      fileErrors.add(
          new RowError(
              file,
              1,
              "",
              "",
              Message.of(
                  "importer",
                  "file.store.missing",
                  context.mapping().column("store_code").orElse("store_code"))));
      return;
    }
    fixedStore = store.get();
    if (!fixedStore.matches("[A-Za-z0-9._-]{1,64}")) {
      fileErrors.add(
          new RowError(file, 1, "", "", Message.of("importer", "file.store.code", fixedStore)));
    } else if (!storeIds.containsKey(fixedStore)) {
      if (context.mapping().createMissing()) {
        newStores.add(fixedStore);
      } else {
        fileErrors.add(
            new RowError(
                file, 1, "", "", Message.of("importer", "file.store.unknown", fixedStore)));
      }
    }
  }

  @Override
  Line parse(Cells cells) {
    String store = storePerRow ? cells.code("store_code", 64, true) : fixedStore;
    String receipt = cells.text("receipt_number", 64, true);
    Instant at = cells.instant("purchased_at", true);
    String loyaltyId = cells.text("loyalty_id", 64, false);
    Integer lineNumber =
        explicitLineNumbers ? cells.integer("line_number", 1, 1_000_000, true) : null;
    String sku = cells.text("sku", 64, true);
    Integer quantity = cells.integer("quantity", -1_000_000, 1_000_000, true);
    BigDecimal unitPrice = cells.decimal("unit_price", 4, 8, true);
    String productName = cells.text("product_name", 300, false);
    String category = cells.category("category", false);
    String country = cells.text("shopper_country", 100, false);
    if (!cells.ok()) {
      return null;
    }
    if (quantity == 0) {
      cells.reject("quantity", Message.of("importer", "value.quantity.zero"));
      return null;
    }
    Optional<String> returnPrefix = context.mapping().returnPrefix();
    if (returnPrefix.isPresent() && receipt.startsWith(returnPrefix.get()) && quantity > 0) {
      cells.reject("quantity", Message.of("importer", "value.return.positive", receipt));
      return null;
    }
    BigDecimal amount =
        unitPrice.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
    if (amount.abs().compareTo(MAX_AMOUNT) >= 0) {
      cells.reject("quantity", Message.of("importer", "value.amount", MAX_AMOUNT));
      return null;
    }
    return new Line(
        store,
        receipt,
        at,
        loyaltyId,
        lineNumber,
        sku,
        quantity,
        unitPrice,
        amount,
        productName,
        category,
        country);
  }

  @Override
  void check(Connection connection, List<Parsed<Line>> chunk) throws SQLException {
    Set<String> unknownSkus = new LinkedHashSet<>();
    Set<String> unknownShoppers = new LinkedHashSet<>();
    for (Parsed<Line> parsed : chunk) {
      Line line = parsed.row();
      if (!productIds.containsKey(line.sku()) && !newProducts.containsKey(line.sku())) {
        unknownSkus.add(line.sku());
      }
      if (!line.loyaltyId().isEmpty()
          && !shopperIds.containsKey(line.loyaltyId())
          && !newShoppers.containsKey(line.loyaltyId())) {
        unknownShoppers.add(line.loyaltyId());
      }
    }
    Sql.selectIn(
        connection,
        "SELECT id, sku FROM product WHERE sku IN (%s)",
        unknownSkus,
        List.of(),
        row -> productIds.put(row.getString("sku"), row.getLong("id")));
    Sql.selectIn(
        connection,
        "SELECT id, loyalty_id FROM shopper WHERE loyalty_id IN (%s)",
        unknownShoppers,
        List.of(),
        row -> shopperIds.put(row.getString("loyalty_id"), row.getLong("id")));
    boolean create = context.mapping().createMissing();
    for (Parsed<Line> parsed : chunk) {
      Line line = parsed.row();
      Cells cells = parsed.cells();
      boolean storeKnown =
          storeIds.containsKey(line.storeCode()) || newStores.contains(line.storeCode());
      if (!storeKnown && !create) {
        cells.reject("store_code", Message.of("importer", "value.unknown.store"));
      }
      boolean productKnown =
          productIds.containsKey(line.sku()) || newProducts.containsKey(line.sku());
      if (!productKnown && !create) {
        cells.reject("sku", Message.of("importer", "value.unknown.product"));
      }
      boolean shopperKnown =
          line.loyaltyId().isEmpty()
              || shopperIds.containsKey(line.loyaltyId())
              || newShoppers.containsKey(line.loyaltyId());
      if (!shopperKnown && !create) {
        cells.reject("loyalty_id", Message.of("importer", "value.unknown.shopper"));
      }
      Receipt receipt = receipts.get(line.receiptKey());
      if (receipt != null) {
        if (!receipt.loyaltyId.equals(line.loyaltyId())) {
          cells.reject(
              "loyalty_id", Message.of("importer", "value.receipt.shopper", receipt.firstLine));
        }
        if (line.lineNumber() != null
            && receipt.lineNumbers != null
            && receipt.lineNumbers.get(line.lineNumber())) {
          cells.reject(
              "line_number", Message.of("importer", "value.receipt.line", line.receiptNumber()));
        }
        if (receipt.total.add(line.amount()).abs().compareTo(MAX_AMOUNT) >= 0) {
          cells.reject("quantity", Message.of("importer", "value.amount", MAX_AMOUNT));
        }
      }
      if (!cells.ok()) {
        continue;
      }
      if (!storeKnown) {
        newStores.add(line.storeCode());
      }
      if (!productKnown) {
        String name = line.productName().isEmpty() ? line.sku() : line.productName();
        String category =
            !line.category().isEmpty()
                ? line.category()
                : context.mapping().categoryFromName() && !line.productName().isEmpty()
                    ? DescriptionCategories.of(line.productName())
                    : DescriptionCategories.UNCATEGORISED;
        newProducts.put(
            line.sku(),
            new ProductDraft(
                name, category, line.unitPrice().signum() > 0 ? line.unitPrice() : null));
      } else {
        ProductDraft draft = newProducts.get(line.sku());
        if (draft != null) {
          if (draft.name.equals(line.sku()) && !line.productName().isEmpty()) {
            draft.name = line.productName();
            if (line.category().isEmpty() && context.mapping().categoryFromName()) {
              draft.category = DescriptionCategories.of(line.productName());
            }
          }
          if (draft.price == null && line.unitPrice().signum() > 0) {
            draft.price = line.unitPrice();
          }
        }
      }
      if (!shopperKnown) {
        String language =
            CountryLanguages.of(line.shopperCountry()).orElse(context.defaultLanguage());
        newShoppers.put(
            line.loyaltyId(), new ShopperDraft(language, line.shopperCountry(), line.storeCode()));
      }
      if (receipt == null) {
        receipt =
            new Receipt(
                line.storeCode(),
                line.receiptNumber(),
                cells.line,
                line.loyaltyId(),
                line.purchasedAt());
        receipts.put(line.receiptKey(), receipt);
      }
      if (line.purchasedAt().isBefore(receipt.purchasedAt)) {
        receipt.purchasedAt = line.purchasedAt();
      }
      receipt.total = receipt.total.add(line.amount());
      receipt.allNegative &= line.quantity() < 0;
      if (line.lineNumber() != null) {
        if (receipt.lineNumbers == null) {
          receipt.lineNumbers = new BitSet();
        }
        receipt.lineNumbers.set(line.lineNumber());
      }
    }
  }

  @Override
  void prepare(Connection connection, long batchId, Counts counts) throws SQLException {
    Instant now = context.startedAt();
    ColumnMapping mapping = context.mapping();
    for (String code : newStores) {
      boolean mappingsOwn = mapping.storeCode().map(code::equals).orElse(false);
      String name = mappingsOwn ? mapping.storeName().orElse(code) : code;
      String country = mappingsOwn ? mapping.storeCountry().orElse("") : "";
      storeIds.put(
          code,
          KnownStores.create(connection, code, name, country, mapping.timeZone().getId(), now));
    }
    insertProducts(connection, now);
    insertShoppers(connection, now);
    markStoredReceipts(connection);
    insertReceipts(connection, batchId, counts);
  }

  private void insertProducts(Connection connection, Instant now) throws SQLException {
    if (newProducts.isEmpty()) {
      return;
    }
    try (Sql.Batch batch =
        new Sql.Batch(
            connection,
            "INSERT INTO product (sku, name, category, price, cost, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, NULL, ?, ?)")) {
      PreparedStatement insert = batch.statement();
      for (Map.Entry<String, ProductDraft> product : newProducts.entrySet()) {
        insert.setString(1, product.getKey());
        insert.setString(2, product.getValue().name);
        insert.setString(3, product.getValue().category);
        Sql.decimal(insert, 4, product.getValue().price);
        insert.setObject(5, Sql.utc(now));
        insert.setObject(6, Sql.utc(now));
        batch.add();
      }
    }
    Sql.selectIn(
        connection,
        "SELECT id, sku FROM product WHERE sku IN (%s)",
        newProducts.keySet(),
        List.of(),
        row -> productIds.put(row.getString("sku"), row.getLong("id")));
  }

  private void insertShoppers(Connection connection, Instant now) throws SQLException {
    if (newShoppers.isEmpty()) {
      return;
    }
    try (Sql.Batch batch =
        new Sql.Batch(
            connection,
            "INSERT INTO shopper (loyalty_id, language, home_store_id, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      PreparedStatement insert = batch.statement();
      for (Map.Entry<String, ShopperDraft> shopper : newShoppers.entrySet()) {
        insert.setString(1, shopper.getKey());
        insert.setString(2, shopper.getValue().language());
        insert.setLong(3, storeIds.get(shopper.getValue().homeStore()));
        insert.setObject(4, Sql.utc(now));
        insert.setObject(5, Sql.utc(now));
        batch.add();
      }
    }
    Sql.selectIn(
        connection,
        "SELECT id, loyalty_id FROM shopper WHERE loyalty_id IN (%s)",
        newShoppers.keySet(),
        List.of(),
        row -> shopperIds.put(row.getString("loyalty_id"), row.getLong("id")));
    try (Sql.Batch batch =
        new Sql.Batch(
            connection,
            "INSERT INTO shopper_attribute (shopper_id, name, attribute_value) VALUES (?, ?, ?)")) {
      PreparedStatement insert = batch.statement();
      for (Map.Entry<String, ShopperDraft> shopper : newShoppers.entrySet()) {
        if (!shopper.getValue().country().isEmpty()) {
          insert.setLong(1, shopperIds.get(shopper.getKey()));
          insert.setString(2, "country");
          insert.setString(3, shopper.getValue().country());
          batch.add();
        }
      }
    }
  }

  private void markStoredReceipts(Connection connection) throws SQLException {
    Map<String, List<String>> numbersByStore = new HashMap<>();
    for (Receipt receipt : receipts.values()) {
      numbersByStore.computeIfAbsent(receipt.storeCode, s -> new ArrayList<>()).add(receipt.number);
    }
    for (Map.Entry<String, List<String>> store : numbersByStore.entrySet()) {
      String code = store.getKey();
      Sql.selectIn(
          connection,
          "SELECT receipt_number FROM purchase WHERE store_id = ? AND receipt_number IN (%s)",
          store.getValue(),
          List.of(storeIds.get(code)),
          row ->
              receipts.get(code + '\u0000' + row.getString("receipt_number")).alreadyStored = true);
    }
  }

  private void insertReceipts(Connection connection, long batchId, Counts counts)
      throws SQLException {
    String currency = context.mapping().currency().orElse(context.currency());
    Optional<String> returnPrefix = context.mapping().returnPrefix();
    try (Sql.Batch batch =
        new Sql.Batch(
            connection,
            "INSERT INTO purchase (store_id, receipt_number, shopper_id, purchased_at,"
                + " total_amount, is_return, currency, import_batch_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      PreparedStatement insert = batch.statement();
      for (Receipt receipt : receipts.values()) {
        if (receipt.alreadyStored) {
          continue;
        }
        boolean isReturn =
            returnPrefix.isPresent()
                ? receipt.number.startsWith(returnPrefix.get())
                : receipt.allNegative;
        insert.setLong(1, storeIds.get(receipt.storeCode));
        insert.setString(2, receipt.number);
        Sql.id(insert, 3, receipt.loyaltyId.isEmpty() ? null : shopperIds.get(receipt.loyaltyId));
        insert.setObject(4, Sql.utc(receipt.purchasedAt));
        insert.setBigDecimal(5, receipt.total);
        insert.setBoolean(6, isReturn);
        insert.setString(7, currency);
        insert.setLong(8, batchId);
        batch.add();
      }
      counts.receiptsWritten = batch.rows();
    }
    Map<Long, String> codeById = new HashMap<>();
    storeIds.forEach((code, id) -> codeById.put(id, code));
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, store_id, receipt_number FROM purchase WHERE import_batch_id = ?")) {
      select.setLong(1, batchId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String key =
              codeById.get(rows.getLong("store_id")) + '\u0000' + rows.getString("receipt_number");
          Objects.requireNonNull(receipts.get(key), key).purchaseId = rows.getLong("id");
        }
      }
    }
  }

  @Override
  void write(Connection connection, List<Parsed<Line>> chunk, Counts counts) throws SQLException {
    try (Sql.Batch batch =
        new Sql.Batch(
            connection,
            "INSERT INTO purchase_line (purchase_id, line_number, product_id, quantity,"
                + " unit_price, amount) VALUES (?, ?, ?, ?, ?, ?)")) {
      PreparedStatement insert = batch.statement();
      for (Parsed<Line> parsed : chunk) {
        Line line = parsed.row();
        Receipt receipt = receipts.get(line.receiptKey());
        if (receipt.alreadyStored) {
          counts.skippedDuplicates++;
          continue;
        }
        insert.setLong(1, receipt.purchaseId);
        insert.setInt(2, line.lineNumber() != null ? line.lineNumber() : receipt.nextLineNumber++);
        insert.setLong(3, productIds.get(line.sku()));
        insert.setInt(4, line.quantity());
        insert.setBigDecimal(5, line.unitPrice());
        insert.setBigDecimal(6, line.amount());
        batch.add();
        counts.linesWritten++;
      }
    }
  }
}
