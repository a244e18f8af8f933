package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/**
 * The whole UCI Online Retail file (Chen, Sain &amp; Guo 2012), against the figures in {@code
 * /work/shared/REFERENCES.md} section 5 and the data set's SOURCE.md: 541,909 lines, 25,900
 * invoices, 4,372 customers, and Quantity*UnitPrice summing to 9,747,747.93 GBP. No line is left
 * out: every line is written, cancellations (3,836 invoices) as returns.
 *
 * <p>Runs on MariaDB, the production database, where one answers (about 20 s); otherwise on the
 * embedded H2 (one to two minutes on a busy two-core machine).
 */
class OnlineRetailReferenceTest {

  static final Path FULL_FILE =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "TAILOR_ONLINE_RETAIL", "/work/shared/data/online-retail/online_retail.csv.gz"));

  @TempDir Path dir;

  @Test
  void importsEveryLineOfTheFullDataSetWithItsPublishedTotal() throws SQLException {
    Assumptions.assumeTrue(
        Files.isRegularFile(FULL_FILE),
        "Online Retail reference test skipped: "
            + FULL_FILE
            + " is absent (set TAILOR_ONLINE_RETAIL to its path).");
    DatabaseSettings settings;
    try {
      settings = TestDatabases.freshMariaDb();
    } catch (TestAbortedException noMariaDb) {
      settings = TestDatabases.h2(dir);
    }
    try (Database db = Database.open(settings)) {
      ImportReport report =
          new Importer(db)
              .importFile(
                  FULL_FILE,
                  ImportRequest.strict(
                      ImportKind.PURCHASES, ColumnMapping.onlineRetail(), "online_retail.csv.gz"));

      assertThat(report.errors()).isEmpty();
      assertThat(report.linesRead()).isEqualTo(541_909);
      assertThat(report.linesWritten()).isEqualTo(541_909);
      assertThat(report.receiptsWritten()).isEqualTo(25_900);
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT COUNT(*) FROM purchase_line")).isEqualTo(541_909);
        assertThat(single(s, "SELECT COUNT(*) FROM shopper")).isEqualTo(4_372);
        assertThat(single(s, "SELECT COUNT(*) FROM purchase WHERE is_return")).isEqualTo(3_836);
        try (ResultSet rs =
            s.executeQuery("SELECT SUM(quantity * unit_price) FROM purchase_line")) {
          rs.next();
          assertThat(rs.getBigDecimal(1).setScale(2, RoundingMode.HALF_UP))
              .isEqualByComparingTo(new BigDecimal("9747747.93"));
        }
      }
    } finally {
      TestDatabases.drop(settings);
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
