package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.Database;

/**
 * What every import must do, run against each real database (H2 and MariaDB) by a subclass that
 * provides the {@link Database}. Every test starts from empty tables.
 */
abstract class ImporterContract {

  static final List<String> DATA_TABLES =
      List.of(
          "purchase_line",
          "purchase",
          "consent_event",
          "consent",
          "household_member",
          "shopper_preference",
          "shopper_attribute",
          "shopper_identifier",
          "shopper",
          "product",
          "store");

  static final String STORES =
      """
      store_code,name,region,country,time_zone
      madrid-centro,Madrid Centro,Madrid,ES,Europe/Madrid
      sofia-1,София Мол,София,BG,Europe/Sofia
      taipei-101,台北101店,Taipei,TW,Asia/Taipei
      """;

  static final String PRODUCTS =
      """
      sku,name,category,price,cost
      COF-1,Café molido 250 g,grocery/coffee,4.50,2.10
      TEA-1,"Tea, green \"\"sencha\"\"",grocery/tea,3.20,
      CAKE-1,Торта,bakery/cakes,12.00,6.5
      """;

  static final String SHOPPERS =
      """
      loyalty_id,first_name,last_name,language,birthday,time_zone,household_code,home_store,card_number,phone,email,preferred_categories
      L1,Zoë,García,es,1985-04-12,Europe/Madrid,H1,madrid-centro,CARD-1,+34 600 11 22 33,Zoe@Example.com,grocery/coffee;bakery/cakes
      L2,Иван,Петров,bg,,,,sofia-1,,,,
      L3,美玲,陳,zh-tw,1990-01-01,Asia/Taipei,,taipei-101,CARD-3,,,grocery/tea
      L4,مریم,,fa,,,,,,,,
      """;

  static final String MEMBERS =
      """
      loyalty_id,first_name,relation,birthday
      L1,Lucía,child,2015-06-01
      L1,Pedro,partner,
      """;

  static final String CONSENTS =
      """
      loyalty_id,channel,purpose,status,source,occurred_at
      L1,email,offers,granted,kiosk,2024-01-01T10:00:00Z
      L1,email,offers,revoked,app,2024-02-01T10:00:00Z
      L2,kiosk,offers,granted,,2024-01-05T09:00:00Z
      """;

  static final String PURCHASES =
      """
      store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price
      madrid-centro,R1,2024-05-01T09:30:00Z,L1,1,COF-1,2,4.50
      madrid-centro,R1,2024-05-01T09:30:00Z,L1,2,CAKE-1,1,12.00
      madrid-centro,R2,2024-05-02T10:00:00Z,,1,TEA-1,3,3.20
      madrid-centro,R3,2024-05-03T11:00:00Z,L1,1,COF-1,-1,4.50
      sofia-1,R1,2024-05-01T12:00:00+03:00,L2,1,CAKE-1,1,12.00
      """;

  @TempDir Path dir;

  abstract Database database();

  Importer importer() {
    return new Importer(database());
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    try (Connection c = database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String table : DATA_TABLES) {
        s.executeUpdate("DELETE FROM " + table);
      }
      s.executeUpdate("DELETE FROM import_batch");
    }
  }

  Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  Path gzip(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  ImportReport importTailor(ImportKind kind, Path file) {
    return importer()
        .importFile(
            file,
            ImportRequest.strict(kind, ColumnMapping.tailor(kind), file.getFileName().toString()));
  }

  ImportReport importTailor(ImportKind kind, String name, String content) throws IOException {
    ImportReport report = importTailor(kind, file(name, content));
    assertThat(report.errors()).as("errors of %s", name).isEmpty();
    return report;
  }

  void importChain() throws IOException {
    importTailor(ImportKind.STORES, "stores.csv", STORES);
    importTailor(ImportKind.PRODUCTS, "products.csv", PRODUCTS);
    importTailor(ImportKind.SHOPPERS, "shoppers.csv", SHOPPERS);
    importTailor(ImportKind.HOUSEHOLD_MEMBERS, "household_members.csv", MEMBERS);
    importTailor(ImportKind.CONSENTS, "consents.csv", CONSENTS);
    importTailor(ImportKind.PURCHASES, "purchases.csv", PURCHASES);
  }

  Map<String, Long> counts() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : DATA_TABLES) {
      counts.put(table, number("SELECT COUNT(*) FROM " + table).longValue());
    }
    return counts;
  }

  BigDecimal number(String sql, Object... parameters) throws SQLException {
    List<Object> row = row(sql, parameters);
    return row.get(0) == null ? null : new BigDecimal(row.get(0).toString());
  }

  List<Object> row(String sql, Object... parameters) throws SQLException {
    try (Connection c = database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("a row for %s", sql).isTrue();
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          values.add(rs.getObject(i));
        }
        return values;
      }
    }
  }

  String text(String sql, Object... parameters) throws SQLException {
    return String.valueOf(row(sql, parameters).get(0));
  }

  @Test
  void importsEveryKindOfTailorsOwnLayout() throws Exception {
    importChain();

    assertThat(counts())
        .containsEntry("store", 3L)
        .containsEntry("product", 3L)
        .containsEntry("shopper", 4L)
        .containsEntry("shopper_identifier", 4L)
        .containsEntry("shopper_preference", 3L)
        .containsEntry("household_member", 2L)
        .containsEntry("consent", 2L)
        .containsEntry("consent_event", 3L)
        .containsEntry("purchase", 4L)
        .containsEntry("purchase_line", 5L);
    assertThat(text("SELECT name FROM store WHERE code = 'taipei-101'")).isEqualTo("台北101店");
    assertThat(text("SELECT name FROM product WHERE sku = 'TEA-1'"))
        .isEqualTo("Tea, green \"sencha\"");
    assertThat(number("SELECT price FROM product WHERE sku = 'COF-1'")).isEqualByComparingTo("4.5");
    assertThat(row("SELECT first_name, last_name, language FROM shopper WHERE loyalty_id = 'L3'"))
        .containsExactly("美玲", "陳", "zh-TW");
    assertThat(text("SELECT first_name FROM shopper WHERE loyalty_id = 'L4'")).isEqualTo("مریم");
    assertThat(
            text(
                "SELECT i.identifier_value FROM shopper_identifier i JOIN shopper s"
                    + " ON s.id = i.shopper_id WHERE s.loyalty_id = 'L1' AND i.kind = 'phone'"))
        .isEqualTo("+34600112233");
    assertThat(
            text(
                "SELECT i.identifier_value FROM shopper_identifier i JOIN shopper s"
                    + " ON s.id = i.shopper_id WHERE s.loyalty_id = 'L1' AND i.kind = 'email'"))
        .isEqualTo("zoe@example.com");
    assertThat(
            text(
                "SELECT c.status FROM consent c JOIN shopper s ON s.id = c.shopper_id"
                    + " WHERE s.loyalty_id = 'L1' AND c.channel = 'email'"))
        .isEqualTo("revoked");
    assertThat(
            number(
                "SELECT p.total_amount FROM purchase p JOIN store s ON s.id = p.store_id"
                    + " WHERE s.code = 'madrid-centro' AND p.receipt_number = 'R1'"))
        .isEqualByComparingTo("21.00");
    assertThat(
            row("SELECT p.purchased_at FROM purchase p JOIN store s ON s.id = p.store_id"
                    + " WHERE s.code = 'sofia-1' AND p.receipt_number = 'R1'")
                .get(0))
        .isEqualTo(
            Timestamp.valueOf(
                LocalDateTime.ofInstant(Instant.parse("2024-05-01T09:00:00Z"), ZoneOffset.UTC)));
    assertThat(number("SELECT COUNT(*) FROM purchase WHERE shopper_id IS NULL"))
        .isEqualByComparingTo("1");
    assertThat(number("SELECT COUNT(*) FROM import_batch WHERE status = 'imported'"))
        .isEqualByComparingTo("6");
  }

  /**
   * The importer names its batch before it writes a row, nothing of it committed yet: the resident
   * decision facts take the marks its rows will exceed then.
   */
  @Test
  void namesItsBatchBeforeItWritesARow() throws Exception {
    importTailor(ImportKind.STORES, "stores.csv", STORES);
    Path shoppers = file("shoppers.csv", SHOPPERS);
    List<Long> named = new ArrayList<>();
    List<BigDecimal> visibleThen = new ArrayList<>();
    ImportReport report =
        importer()
            .importFile(
                shoppers,
                ImportRequest.strict(
                    ImportKind.SHOPPERS, ColumnMapping.tailor(ImportKind.SHOPPERS), "shoppers.csv"),
                progress -> {},
                batchId -> {
                  named.add(batchId);
                  try {
                    visibleThen.add(number("SELECT COUNT(*) FROM shopper"));
                    visibleThen.add(
                        number("SELECT COUNT(*) FROM import_batch WHERE id = ?", batchId));
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });

    assertThat(report.errors()).isEmpty();
    assertThat(named).containsExactly(report.batchId());
    assertThat(visibleThen).allSatisfy(n -> assertThat(n).isEqualByComparingTo("0"));
    assertThat(number("SELECT COUNT(*) FROM shopper")).isPositive();
  }

  @Test
  void keepsReturnsAsReturnsWithNegativeQuantities() throws Exception {
    importChain();

    assertThat(
            row(
                "SELECT p.is_return, p.total_amount, l.quantity, l.amount FROM purchase p"
                    + " JOIN purchase_line l ON l.purchase_id = p.id WHERE p.receipt_number = 'R3'"))
        .satisfies(
            r -> {
              assertThat(r.get(0)).isEqualTo(Boolean.TRUE);
              assertThat(new BigDecimal(r.get(1).toString())).isEqualByComparingTo("-4.50");
              assertThat(((Number) r.get(2)).intValue()).isEqualTo(-1);
              assertThat(new BigDecimal(r.get(3).toString())).isEqualByComparingTo("-4.50");
            });
    assertThat(number("SELECT COUNT(*) FROM purchase WHERE is_return")).isEqualByComparingTo("1");
  }

  @Test
  void reimportingTheSameFilesAddsNothing() throws Exception {
    importChain();
    Map<String, Long> before = counts();

    List<ImportReport> again = new ArrayList<>();
    again.add(importTailor(ImportKind.STORES, "stores.csv", STORES));
    again.add(importTailor(ImportKind.PRODUCTS, "products.csv", PRODUCTS));
    again.add(importTailor(ImportKind.SHOPPERS, "shoppers.csv", SHOPPERS));
    again.add(importTailor(ImportKind.HOUSEHOLD_MEMBERS, "household_members.csv", MEMBERS));
    again.add(importTailor(ImportKind.CONSENTS, "consents.csv", CONSENTS));
    again.add(importTailor(ImportKind.PURCHASES, "purchases.csv", PURCHASES));

    assertThat(counts()).isEqualTo(before);
    for (ImportReport report : again) {
      assertThat(report.linesWritten()).as(report.sourceName()).isZero();
      assertThat(report.skippedDuplicates()).as(report.sourceName()).isEqualTo(report.linesRead());
    }
  }

  @Test
  void anOverlappingPurchaseFileAddsOnlyTheNewReceipts() throws Exception {
    importChain();

    ImportReport report =
        importTailor(
            ImportKind.PURCHASES,
            "purchases-2.csv",
            """
            store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price
            madrid-centro,R2,2024-05-02T10:00:00Z,,1,TEA-1,3,3.20
            madrid-centro,R4,2024-05-04T10:00:00Z,L3,1,TEA-1,1,3.20
            madrid-centro,R4,2024-05-04T10:00:00Z,L3,2,COF-1,1,4.50
            """);

    assertThat(report.receiptsWritten()).isEqualTo(1);
    assertThat(report.linesWritten()).isEqualTo(2);
    assertThat(report.skippedDuplicates()).isEqualTo(1);
    assertThat(counts()).containsEntry("purchase", 5L).containsEntry("purchase_line", 7L);
  }

  @Test
  void aFileWithABadRowWritesNothingAndNamesFileLineColumnValueAndReason() throws Exception {
    importChain();
    Map<String, Long> before = counts();

    ImportReport report =
        importTailor(
            ImportKind.PURCHASES,
            file(
                "purchases.csv",
                """
                store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price
                madrid-centro,R10,2024-06-01T09:30:00Z,L1,1,COF-1,2,4.50
                madrid-centro,R10,2024-06-01T09:30:00Z,L1,2,TEA-1,1,"12,5O"
                madrid-centro,R11,2024-06-01T09:30:00Z,L9,1,COF-1,1,4.50
                madrid-centro,R12,not-a-date,L1,1,COF-1,1,4.50
                """));

    assertThat(report.rejected()).isTrue();
    assertThat(report.linesWritten()).isZero();
    assertThat(counts()).isEqualTo(before);
    assertThat(report.errorCount()).isEqualTo(3);
    assertThat(report.errors().get(0).describe(Locale.ENGLISH))
        .isEqualTo(
            "purchases.csv line 3, column unit_price: \"12,5O\" is not a number"
                + " (with \".\" as the decimal separator).");
    RowError unknownShopper = report.errors().get(1);
    assertThat(unknownShopper.file()).isEqualTo("purchases.csv");
    assertThat(unknownShopper.line()).isEqualTo(4);
    assertThat(unknownShopper.column()).isEqualTo("loyalty_id");
    assertThat(unknownShopper.value()).isEqualTo("L9");
    assertThat(unknownShopper.reason().key()).isEqualTo("value.unknown.shopper");
    assertThat(report.errors().get(2).column()).isEqualTo("purchased_at");
    assertThat(text("SELECT status FROM import_batch ORDER BY id DESC LIMIT 1"))
        .isEqualTo("rejected");
  }

  @Test
  void maxErrorsSkipsThatManyBadRowsAndWritesTheRest() throws Exception {
    importChain();
    Path bad =
        file(
            "more.csv",
            """
            store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price
            madrid-centro,R20,2024-06-01T09:30:00Z,L1,1,COF-1,2,4.50
            madrid-centro,R20,2024-06-01T09:30:00Z,L1,2,NO-SUCH-SKU,1,1.00
            madrid-centro,R21,2024-06-01T09:30:00Z,L2,1,COF-1,0,4.50
            madrid-centro,R22,2024-06-02T09:30:00Z,L3,1,TEA-1,1,3.20
            """);
    ImportRequest strict =
        ImportRequest.strict(
            ImportKind.PURCHASES, ColumnMapping.tailor(ImportKind.PURCHASES), "more.csv");
    Map<String, Long> before = counts();

    ImportReport tooFew = importer().importFile(bad, strict.withMaxErrors(1));
    assertThat(tooFew.rejected()).isTrue();
    assertThat(counts()).isEqualTo(before);

    ImportReport enough = importer().importFile(bad, strict.withMaxErrors(2));
    assertThat(enough.rejected()).isFalse();
    assertThat(enough.skippedBadRows()).isEqualTo(2);
    assertThat(enough.errors()).extracting(RowError::line).containsExactly(3L, 4L);
    assertThat(enough.linesWritten()).isEqualTo(2);
    assertThat(enough.receiptsWritten()).isEqualTo(2);
    assertThat(counts())
        .containsEntry("purchase", before.get("purchase") + 2)
        .containsEntry("purchase_line", before.get("purchase_line") + 2);
    assertThat(number("SELECT total_amount FROM purchase WHERE receipt_number = 'R20'"))
        .isEqualByComparingTo("9.00");
  }

  @Test
  void aFailureWhileWritingRollsTheWholeFileBack() throws Exception {
    importChain();
    Map<String, Long> before = counts();
    Path more =
        file(
            "more.csv",
            """
            store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price
            madrid-centro,R30,2024-06-01T09:30:00Z,L1,1,COF-1,2,4.50
            madrid-centro,R31,2024-06-01T09:30:00Z,L2,1,TEA-1,1,3.20
            """);

    assertThatThrownBy(
            () ->
                importer()
                    .importFile(
                        more,
                        ImportRequest.strict(
                            ImportKind.PURCHASES,
                            ColumnMapping.tailor(ImportKind.PURCHASES),
                            "more.csv"),
                        progress -> {
                          if (progress.phase() == ImportProgress.Phase.WRITING) {
                            throw new IllegalStateException("the disk is full");
                          }
                        }))
        .isInstanceOf(ImportFailedException.class)
        .hasMessageContaining("more.csv")
        .hasMessageContaining("the disk is full");

    assertThat(counts()).isEqualTo(before);
    assertThat(text("SELECT status FROM import_batch ORDER BY id DESC LIMIT 1"))
        .isEqualTo("failed");
  }

  @Test
  void unknownStoresProductsAndShoppersAreErrorsInTailorsLayout() throws Exception {
    importTailor(ImportKind.STORES, "stores.csv", STORES);

    ImportReport report =
        importTailor(
            ImportKind.PURCHASES,
            file(
                "purchases.csv",
                """
                store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price
                lisboa,R1,2024-05-01T09:30:00Z,,1,COF-1,2,4.50
                """));

    assertThat(report.rejected()).isTrue();
    assertThat(report.errors())
        .extracting(e -> e.column() + ":" + e.reason().key())
        .containsExactly("store_code:value.unknown.store", "sku:value.unknown.product");
    assertThat(counts()).containsEntry("purchase", 0L).containsEntry("product", 0L);
  }

  @Test
  void upsertsProductsBySku() throws Exception {
    importTailor(ImportKind.PRODUCTS, "products.csv", PRODUCTS);

    ImportReport report =
        importTailor(
            ImportKind.PRODUCTS,
            "products.csv",
            """
            sku,name,category,price,cost
            COF-1,Café molido 500 g,grocery/coffee,8.90,2.10
            TEA-1,"Tea, green \"\"sencha\"\"",grocery/tea,3.2000,
            """);

    assertThat(report.linesWritten()).isEqualTo(1);
    assertThat(report.skippedDuplicates()).isEqualTo(1);
    assertThat(row("SELECT name, price FROM product WHERE sku = 'COF-1'").get(0))
        .isEqualTo("Café molido 500 g");
    assertThat(number("SELECT price FROM product WHERE sku = 'COF-1'"))
        .isEqualByComparingTo("8.90");
    assertThat(counts()).containsEntry("product", 3L);
  }

  @Test
  void consentHistoryGrowsOnlyWhenTheConsentChanges() throws Exception {
    importChain();

    ImportReport report =
        importTailor(
            ImportKind.CONSENTS,
            "consents-2.csv",
            """
            loyalty_id,channel,purpose,status,source,occurred_at
            L1,email,offers,granted,kiosk,2024-03-01T10:00:00Z
            L1,email,offers,granted,kiosk,2024-03-02T10:00:00Z
            L2,kiosk,offers,granted,,2024-03-05T09:00:00Z
            L1,email,offers,revoked,app,2023-12-01T10:00:00Z
            """);

    assertThat(report.linesWritten()).isEqualTo(1);
    assertThat(report.skippedDuplicates()).isEqualTo(3);
    assertThat(counts()).containsEntry("consent", 2L).containsEntry("consent_event", 4L);
    assertThat(
            text(
                "SELECT c.status FROM consent c JOIN shopper s ON s.id = c.shopper_id"
                    + " WHERE s.loyalty_id = 'L1'"))
        .isEqualTo("granted");
  }

  @Test
  void shoppersAreUpdatedOnlyInTheColumnsTheFileHas() throws Exception {
    importChain();

    ImportReport report =
        importTailor(
            ImportKind.SHOPPERS,
            "shoppers-names.csv",
            """
            loyalty_id,first_name
            L1,Zoé
            L2,Иван
            """);

    assertThat(report.linesWritten()).isEqualTo(1);
    assertThat(
            row(
                "SELECT first_name, last_name, language, birthday FROM shopper WHERE loyalty_id = 'L1'"))
        .satisfies(
            r -> {
              assertThat(r.get(0)).isEqualTo("Zoé");
              assertThat(r.get(1)).isEqualTo("García");
              assertThat(r.get(2)).isEqualTo("es");
              assertThat(r.get(3).toString()).isEqualTo("1985-04-12");
            });
    assertThat(counts())
        .containsEntry("shopper_preference", 3L)
        .containsEntry("shopper_identifier", 4L);
  }

  @Test
  void anIdentifierOfAnotherShopperIsAnError() throws Exception {
    importChain();

    ImportReport report =
        importTailor(
            ImportKind.SHOPPERS,
            file(
                "shoppers-2.csv",
                """
                loyalty_id,card_number
                L5,CARD-1
                """));

    assertThat(report.rejected()).isTrue();
    assertThat(report.errors().get(0).describe(Locale.ENGLISH))
        .isEqualTo(
            "shoppers-2.csv line 2, column card_number: \"CARD-1\" is already an identifier of"
                + " shopper L1.");
  }

  @Test
  void readsGzipCompressedFiles() throws Exception {
    importTailor(ImportKind.STORES, "stores.csv", STORES);
    importTailor(ImportKind.PRODUCTS, "products.csv", PRODUCTS);
    importTailor(ImportKind.SHOPPERS, "shoppers.csv", SHOPPERS);

    ImportReport report = importTailor(ImportKind.PURCHASES, gzip("purchases.csv.gz", PURCHASES));

    assertThat(report.errors()).isEmpty();
    assertThat(report.linesWritten()).isEqualTo(5);
    assertThat(report.contentSha256())
        .isEqualTo(
            importTailor(ImportKind.PURCHASES, file("purchases.csv", PURCHASES)).contentSha256());
  }

  @Test
  void aMissingRequiredColumnRejectsTheFile() throws Exception {
    ImportReport report =
        importTailor(
            ImportKind.PRODUCTS, file("products.csv", "sku,name,price\nCOF-1,Coffee,4.50\n"));

    assertThat(report.rejected()).isTrue();
    assertThat(report.errors().get(0).describe(Locale.ENGLISH))
        .isEqualTo(
            "products.csv line 1: the header has no column \"category\" (it has: sku, name, price).");
  }

  @Test
  void readsAnyLayoutThroughAMappingFile() throws Exception {
    importChain();
    Path mapping =
        file(
            "kasse.properties",
            """
            kind = purchases
            column.store_code = Filiale
            column.receipt_number = Bon
            column.purchased_at = Datum
            column.loyalty_id = Kunde
            column.sku = Artikel
            column.quantity = Menge
            column.unit_price = Preis
            delimiter = ;
            decimal.separator = ,
            date.time.pattern = dd.MM.yyyy HH:mm
            time.zone = Europe/Berlin
            """);
    Path export =
        file(
            "kasse.csv",
            "\uFEFFFiliale;Bon;Datum;Kunde;Artikel;Menge;Preis\n"
                + "madrid-centro;K1;01.05.2024 09:30;L1;COF-1;2;4,50\n"
                + "madrid-centro;K1;01.05.2024 09:30;L1;TEA-1;1;3,2\n");

    ImportReport report =
        importer()
            .importFile(
                export,
                ImportRequest.strict(
                    ImportKind.PURCHASES,
                    ColumnMapping.resolve(mapping.toString(), ImportKind.PURCHASES),
                    "kasse.csv"));

    assertThat(report.errors()).isEmpty();
    assertThat(report.mapping()).isEqualTo("kasse");
    assertThat(row("SELECT purchased_at, total_amount FROM purchase WHERE receipt_number = 'K1'"))
        .satisfies(
            r -> {
              assertThat(r.get(0))
                  .isEqualTo(
                      Timestamp.valueOf(
                          LocalDateTime.ofInstant(
                              Instant.parse("2024-05-01T07:30:00Z"), ZoneOffset.UTC)));
              assertThat(new BigDecimal(r.get(1).toString())).isEqualByComparingTo("12.20");
            });
    assertThat(
            number(
                "SELECT MAX(line_number) FROM purchase_line l JOIN purchase p ON p.id = l.purchase_id WHERE p.receipt_number = 'K1'"))
        .isEqualByComparingTo("2");
  }

  @Test
  void readsOnlineRetailWithReturnsAnonymousBuyersAndAnotherStore() throws Exception {
    Path file =
        file(
            "web.csv",
            """
            "InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"
            "536365","85123A","WHITE HANGING HEART T-LIGHT HOLDER",6,"2010-12-01 08:26:00",2.55,"17850","United Kingdom"
            "536365","22752","",2,"2010-12-01 08:27:00",7.65,"17850","United Kingdom"
            "C536379","85123A","WHITE HANGING HEART T-LIGHT HOLDER",-1,"12/1/2010 9:41",2.55,"17850","United Kingdom"
            "536544","POST","POSTAGE",1,"2010-12-01 14:32:00",18,"","United Kingdom"
            "536545","22752","SET 7 BABUSHKA NESTING BOXES",1,"2010-12-01 14:32:00",7.65,"12583","France"
            """);

    ImportReport report =
        importer()
            .importFile(
                file,
                ImportRequest.strict(ImportKind.PURCHASES, ColumnMapping.onlineRetail(), "web.csv")
                    .withStore("web-shop"));

    assertThat(report.errors()).isEmpty();
    assertThat(report.receiptsWritten()).isEqualTo(4);
    assertThat(row("SELECT code, name, time_zone FROM store"))
        .containsExactly("web-shop", "web-shop", "Europe/London");
    assertThat(row("SELECT is_return, total_amount FROM purchase WHERE receipt_number = 'C536379'"))
        .satisfies(
            r -> {
              assertThat(r.get(0)).isEqualTo(Boolean.TRUE);
              assertThat(new BigDecimal(r.get(1).toString())).isEqualByComparingTo("-2.55");
            });
    assertThat(
            row("SELECT purchased_at, total_amount FROM purchase WHERE receipt_number = '536365'"))
        .satisfies(
            r -> {
              assertThat(r.get(0))
                  .isEqualTo(
                      Timestamp.valueOf(
                          LocalDateTime.ofInstant(
                              Instant.parse("2010-12-01T08:26:00Z"), ZoneOffset.UTC)));
              assertThat(new BigDecimal(r.get(1).toString())).isEqualByComparingTo("30.60");
            });
    assertThat(number("SELECT COUNT(*) FROM purchase WHERE shopper_id IS NULL"))
        .isEqualByComparingTo("1");
    assertThat(row("SELECT name, category, price FROM product WHERE sku = '22752'"))
        .satisfies(
            r -> {
              assertThat(r.get(0)).isEqualTo("SET 7 BABUSHKA NESTING BOXES");
              assertThat(r.get(1)).isEqualTo("home/decor");
              assertThat(new BigDecimal(r.get(2).toString())).isEqualByComparingTo("7.65");
            });
    assertThat(
            row(
                "SELECT s.language, a.attribute_value FROM shopper s JOIN shopper_attribute a"
                    + " ON a.shopper_id = s.id WHERE s.loyalty_id = '12583'"))
        .containsExactly("fr", "France");
    assertThat(text("SELECT currency FROM purchase WHERE receipt_number = '536544'"))
        .isEqualTo("GBP");
  }

  @Test
  void bytesThatAreNotUtf8AreABadRowAtTheirLineAndColumn() throws Exception {
    Path file = dir.resolve("stores.csv");
    byte[] header =
        "store_code,name,region,country,time_zone\nmadrid,Madrid,,ES,Europe/Madrid\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] latin1 =
        "sevilla,Sevilla \u00d1,,ES,Europe/Madrid\n".getBytes(StandardCharsets.ISO_8859_1);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header);
      out.write(latin1);
    }

    ImportReport report = importTailor(ImportKind.STORES, file);

    assertThat(report.rejected()).isTrue();
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo("name");
              assertThat(e.reason().key()).isEqualTo("value.encoding");
            });
    assertThat(counts()).containsEntry("store", 0L);
  }

  @Test
  void anUnclosedQuoteRejectsTheFile() throws Exception {
    ImportReport report =
        importTailor(
            ImportKind.STORES,
            file(
                "stores.csv",
                "store_code,name,region,country,time_zone\nmadrid,\"Madrid,,ES,Europe/Madrid\n"));

    assertThat(report.rejected()).isTrue();
    assertThat(report.errors().get(0).reason().key()).isEqualTo("file.unreadable");
    assertThat(counts()).containsEntry("store", 0L);
  }
}
