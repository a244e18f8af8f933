package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/**
 * The sample bundled for the demo ({@code samples/online-retail/}, a subset of UCI Online Retail,
 * Chen, Sain &amp; Guo 2012; see its ATTRIBUTION.md): every count below was computed from the
 * sample file itself with an independent script, as ATTRIBUTION.md describes.
 */
class OnlineRetailSampleTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"H2", "MariaDB"})
  void importsTheBundledSampleOnceAndOnlyOnce(String databaseName) throws Exception {
    DatabaseSettings settings =
        databaseName.equals("H2") ? TestDatabases.h2(dir) : TestDatabases.freshMariaDb();
    try (Database db = Database.open(settings)) {
      ImportReport report = OnlineRetailSample.importWith(new Importer(db), progress -> {});

      assertThat(report.errors()).isEmpty();
      assertThat(report.sourceName()).isEqualTo(OnlineRetailSample.SOURCE_NAME);
      assertThat(report.linesRead()).isEqualTo(80_158);
      assertThat(report.linesWritten()).isEqualTo(80_158);
      assertThat(report.receiptsWritten()).isEqualTo(4_232);
      assertThat(count(db, "store")).isEqualTo(1);
      assertThat(count(db, "shopper")).isEqualTo(879);
      assertThat(count(db, "shopper_attribute")).isEqualTo(879);
      assertThat(count(db, "product")).isEqualTo(3_334);
      assertThat(count(db, "purchase")).isEqualTo(4_232);
      assertThat(count(db, "purchase_line")).isEqualTo(80_158);
      assertThat(value(db, "SELECT COUNT(*) FROM purchase WHERE is_return")).isEqualTo("621");
      assertThat(value(db, "SELECT COUNT(*) FROM purchase WHERE shopper_id IS NULL"))
          .isEqualTo("201");
      assertThat(new BigDecimal(value(db, "SELECT SUM(quantity * unit_price) FROM purchase_line")))
          .isEqualByComparingTo("1636118.201");
      assertThat(new BigDecimal(value(db, "SELECT SUM(total_amount) FROM purchase")))
          .isEqualByComparingTo("1636118.20");
      assertThat(row(db, "SELECT code, name, country, time_zone FROM store"))
          .containsExactly("online-retail-uk", "Online Retail (UK)", "GB", "Europe/London");
      assertThat(value(db, "SELECT language FROM shopper WHERE loyalty_id = '12680'"))
          .isEqualTo("fr");
      assertThat(value(db, "SELECT category FROM product WHERE sku = '85123A'"))
          .isEqualTo("home/lighting");
      assertThat(value(db, "SELECT category FROM product WHERE sku = 'POST'"))
          .isEqualTo("services/postage");

      ImportReport again = OnlineRetailSample.importWith(new Importer(db), progress -> {});

      assertThat(again.linesWritten()).isZero();
      assertThat(again.receiptsWritten()).isZero();
      assertThat(again.skippedDuplicates()).isEqualTo(80_158);
      assertThat(count(db, "purchase_line")).isEqualTo(80_158);
      assertThat(count(db, "shopper")).isEqualTo(879);
      assertThat(count(db, "product")).isEqualTo(3_334);
    } finally {
      TestDatabases.drop(settings);
    }
  }

  private static long count(Database db, String table) throws SQLException {
    return Long.parseLong(value(db, "SELECT COUNT(*) FROM " + table));
  }

  private static String value(Database db, String sql) throws SQLException {
    return String.valueOf(row(db, sql).get(0));
  }

  private static List<Object> row(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      List<Object> values = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        values.add(rs.getObject(i));
      }
      return values;
    }
  }
}
