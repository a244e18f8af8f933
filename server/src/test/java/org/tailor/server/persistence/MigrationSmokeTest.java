package org.tailor.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSmokeTest {

  @TempDir Path dir;

  @Test
  void migratesEmbeddedDatabase() throws Exception {
    try (Database db = Database.open(DatabaseSettings.embedded(dir))) {
      try (Connection c = db.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM purchase_line")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }
}
