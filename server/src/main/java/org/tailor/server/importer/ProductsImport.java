package org.tailor.server.importer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tailor.server.i18n.Message;

/**
 * Products, unique by SKU: a new SKU adds a product, a known one has its name, category, price and
 * cost replaced by the file's when they differ.
 */
final class ProductsImport extends KindImport<ProductsImport.ProductRow> {

  record ProductRow(String sku, String name, String category, BigDecimal price, BigDecimal cost) {

    boolean sameAs(ProductRow other) {
      return name.equals(other.name)
          && category.equals(other.category)
          && Sql.sameNumber(price, other.price)
          && Sql.sameNumber(cost, other.cost);
    }
  }

  private final Map<String, Long> firstLineBySku = new HashMap<>();

  ProductsImport(ImportContext context) {
    super(context);
  }

  @Override
  ProductRow parse(Cells cells) {
    String sku = cells.text("sku", 64, true);
    String name = cells.text("name", 300, true);
    String category = cells.category("category", true);
    BigDecimal price = cells.decimal("price", 4, 8, false);
    BigDecimal cost = cells.decimal("cost", 4, 8, false);
    if (price != null && price.signum() < 0) {
      cells.reject("price", Message.of("importer", "value.negative"));
    }
    if (cost != null && cost.signum() < 0) {
      cells.reject("cost", Message.of("importer", "value.negative"));
    }
    return cells.ok() ? new ProductRow(sku, name, category, price, cost) : null;
  }

  @Override
  void check(Connection connection, List<Parsed<ProductRow>> chunk) {
    for (Parsed<ProductRow> parsed : chunk) {
      Long first = firstLineBySku.putIfAbsent(parsed.row().sku(), parsed.cells().line);
      if (first != null) {
        parsed.cells().reject("sku", Message.of("importer", "value.duplicate", first));
      }
    }
  }

  @Override
  void write(Connection connection, List<Parsed<ProductRow>> chunk, Counts counts)
      throws SQLException {
    Map<String, ProductRow> stored = new HashMap<>();
    List<String> skus = new ArrayList<>();
    chunk.forEach(parsed -> skus.add(parsed.row().sku()));
    Sql.selectIn(
        connection,
        "SELECT sku, name, category, price, cost FROM product WHERE sku IN (%s)",
        skus,
        List.of(),
        row ->
            stored.put(
                row.getString("sku"),
                new ProductRow(
                    row.getString("sku"),
                    row.getString("name"),
                    row.getString("category"),
                    row.getBigDecimal("price"),
                    row.getBigDecimal("cost"))));
    try (Sql.Batch insert =
            new Sql.Batch(
                connection,
                "INSERT INTO product (sku, name, category, price, cost, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        Sql.Batch update =
            new Sql.Batch(
                connection,
                "UPDATE product SET name = ?, category = ?, price = ?, cost = ?, updated_at = ?"
                    + " WHERE sku = ?")) {
      for (Parsed<ProductRow> parsed : chunk) {
        ProductRow row = parsed.row();
        ProductRow before = stored.get(row.sku());
        if (before == null) {
          PreparedStatement s = insert.statement();
          s.setString(1, row.sku());
          s.setString(2, row.name());
          s.setString(3, row.category());
          Sql.decimal(s, 4, row.price());
          Sql.decimal(s, 5, row.cost());
          s.setObject(6, Sql.utc(context.startedAt()));
          s.setObject(7, Sql.utc(context.startedAt()));
          insert.add();
          counts.linesWritten++;
        } else if (!before.sameAs(row)) {
          PreparedStatement s = update.statement();
          s.setString(1, row.name());
          s.setString(2, row.category());
          Sql.decimal(s, 3, row.price());
          Sql.decimal(s, 4, row.cost());
          s.setObject(5, Sql.utc(context.startedAt()));
          s.setString(6, row.sku());
          update.add();
          counts.linesWritten++;
        } else {
          counts.skippedDuplicates++;
        }
      }
    }
  }
}
