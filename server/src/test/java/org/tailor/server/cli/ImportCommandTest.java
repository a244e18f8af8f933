package org.tailor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import picocli.CommandLine;

/** {@code tailor import} against an embedded H2 database named by the environment. */
class ImportCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Locale defaultLocale;
  private Map<String, String> environment;

  @BeforeEach
  void english() {
    defaultLocale = Locale.getDefault();
    Locale.setDefault(Locale.ENGLISH);
    environment =
        Map.of(
            "TAILOR_DB_URL",
            DatabaseSettings.h2FileUrl(dir.resolve("db/tailor")),
            "TAILOR_DB_USER",
            "sa");
  }

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(defaultLocale);
  }

  int run(String... args) {
    CommandLine command = new CommandLine(new ImportCommand(environment));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  long products() throws Exception {
    try (Database db =
            Database.open(new DatabaseSettings(environment.get("TAILOR_DB_URL"), "sa", "", 2));
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM product")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void importsAFileAndPrintsTheSummary() throws Exception {
    Path stores =
        file(
            "stores.csv",
            "store_code,name,region,country,time_zone\n"
                + "madrid-centro,Madrid Centro,Madrid,ES,Europe/Madrid\n"
                + "sofia-1,София Мол,София,BG,Europe/Sofia\n");

    int exit = run("stores", stores.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "stores.csv: 2 lines read, 2 written (0 receipts), 0 already known, 0 bad rows"
                + " skipped.");
  }

  @Test
  void rejectsABadFileWithOneLinePerErrorAndExitStatus1() throws Exception {
    Path products =
        file(
            "products.csv",
            "sku,name,category,price,cost\n"
                + "COF-1,Coffee,grocery/coffee,4.50,\n"
                + "TEA-1,Tea,grocery/tea,\"3,2O\",\n");

    int exit = run("products", products.toString(), "--mapping", "tailor");

    assertThat(exit).isEqualTo(ImportCommand.EXIT_REJECTED);
    assertThat(err.toString())
        .contains(
            "products.csv line 3, column price: \"3,2O\" is not a number (with \".\" as the"
                + " decimal separator).")
        .contains("products.csv: rejected with 1 errors in 2 lines; nothing was written.");
    assertThat(products()).isZero();
  }

  @Test
  void maxErrorsImportsTheGoodRows() throws Exception {
    Path products =
        file(
            "products.csv",
            "sku,name,category,price,cost\n"
                + "COF-1,Coffee,grocery/coffee,4.50,\n"
                + "TEA-1,Tea,grocery/tea,\"3,2O\",\n");

    int exit = run("products", products.toString(), "--max-errors", "1");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("1 written", "1 bad rows skipped");
    assertThat(products()).isEqualTo(1);
  }

  @Test
  void printsTheFirstTwentyErrorsAndCountsTheRest() throws Exception {
    StringBuilder csv = new StringBuilder("sku,name,category,price,cost\n");
    for (int i = 0; i < 25; i++) {
      csv.append("SKU-").append(i).append(",Name,grocery,free,\n");
    }
    Path products = file("products.csv", csv.toString());

    int exit = run("products", products.toString());

    assertThat(exit).isEqualTo(ImportCommand.EXIT_REJECTED);
    assertThat(err.toString().lines().filter(l -> l.contains("column price"))).hasSize(20);
    assertThat(err.toString()).contains("... and 5 more errors.");
  }

  @Test
  void anUnknownKindOrMappingIsABadCommandLine() throws Exception {
    Path any = file("x.csv", "a\n1\n");

    assertThat(run("receipts", any.toString())).isEqualTo(ImportCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("kind: \"receipts\" is not valid.");
    assertThat(run("stores", any.toString(), "--mapping", "online-retail"))
        .isEqualTo(ImportCommand.EXIT_INVALID);
    assertThat(err.toString()).contains("This mapping reads purchases, not stores.");
  }

  @Test
  void helpComesFromTheImporterBundle() {
    int exit = run("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Imports a point-of-sale export")
        .contains("--max-errors=N")
        .contains("Skip up to N bad rows");
  }
}
