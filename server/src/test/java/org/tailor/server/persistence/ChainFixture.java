package org.tailor.server.persistence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes shoppers, products and purchases with plain JDBC, the way the importer does, so that the
 * services can be tested on data they did not write themselves.
 */
public final class ChainFixture {

  private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

  private final Database database;

  public ChainFixture(Database database) {
    this.database = database;
  }

  /** A line to buy: product sku, quantity and unit price. */
  public record Line(String sku, int quantity, String unitPrice) {}

  public long store(String code) {
    return insert(
        "INSERT INTO store (code, name, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        code,
        "Store " + code,
        "Europe/Madrid",
        CREATED,
        CREATED);
  }

  public long shopper(String loyaltyId, String firstName, String lastName, String language) {
    return insert(
        "INSERT INTO shopper (loyalty_id, first_name, last_name, language, birthday,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        loyaltyId,
        firstName,
        lastName,
        language,
        LocalDate.of(1985, 3, 14),
        CREATED,
        CREATED);
  }

  /** Gives a shopper a home store, a time zone and a household. */
  public void homeStore(long shopperId, long storeId, String timeZone, String householdCode) {
    insert(
        "UPDATE shopper SET home_store_id = ?, time_zone = ?, household_code = ? WHERE id = ?",
        storeId,
        timeZone,
        householdCode,
        shopperId);
  }

  public void identifier(long shopperId, String kind, String value) {
    insert(
        "INSERT INTO shopper_identifier (shopper_id, kind, identifier_value, created_at)"
            + " VALUES (?, ?, ?, ?)",
        shopperId,
        kind,
        value,
        CREATED);
  }

  public void attribute(long shopperId, String name, String value) {
    insert(
        "INSERT INTO shopper_attribute (shopper_id, name, attribute_value) VALUES (?, ?, ?)",
        shopperId,
        name,
        value);
  }

  public void preference(long shopperId, String category) {
    insert(
        "INSERT INTO shopper_preference (shopper_id, category) VALUES (?, ?)", shopperId, category);
  }

  public void householdMember(long shopperId, String firstName, String relation) {
    insert(
        "INSERT INTO household_member (shopper_id, first_name, relation, birthday)"
            + " VALUES (?, ?, ?, ?)",
        shopperId,
        firstName,
        relation,
        LocalDate.of(2015, 6, 1));
  }

  public long product(String sku, String name, String category) {
    return insert(
        "INSERT INTO product (sku, name, category, price, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        sku,
        name,
        category,
        new BigDecimal("1.0000"),
        CREATED,
        CREATED);
  }

  /** A receipt; a negative quantity makes it a return. Returns the purchase id. */
  public long purchase(long storeId, String receipt, Long shopperId, Instant at, List<Line> lines) {
    BigDecimal total =
        lines.stream()
            .map(l -> amount(l))
            .reduce(BigDecimal.ZERO, BigDecimal::add)
            .setScale(2, RoundingMode.HALF_EVEN);
    boolean isReturn = lines.stream().anyMatch(l -> l.quantity() < 0);
    long purchaseId =
        insert(
            "INSERT INTO purchase (store_id, receipt_number, shopper_id, purchased_at,"
                + " total_amount, is_return, currency) VALUES (?, ?, ?, ?, ?, ?, ?)",
            storeId,
            receipt,
            shopperId,
            at,
            total,
            isReturn,
            "EUR");
    int number = 1;
    for (Line line : lines) {
      insert(
          "INSERT INTO purchase_line (purchase_id, line_number, product_id, quantity,"
              + " unit_price, amount) SELECT ?, ?, id, ?, ?, ? FROM product WHERE sku = ?",
          purchaseId,
          number++,
          line.quantity(),
          new BigDecimal(line.unitPrice()),
          amount(line),
          line.sku());
    }
    return purchaseId;
  }

  private static BigDecimal amount(Line line) {
    return new BigDecimal(line.unitPrice())
        .multiply(BigDecimal.valueOf(line.quantity()))
        .setScale(2, RoundingMode.HALF_EVEN);
  }

  /** Runs a query returning one number. */
  public long count(String sql, Object... args) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Runs one statement as another process would (no announcement); returns the key it made. */
  public long write(String sql, Object... args) {
    return insert(sql, args);
  }

  private long insert(String sql, Object... args) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      bind(s, args);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      s.setObject(
          i + 1,
          arg instanceof Instant instant ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : arg);
    }
  }
}
