package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.validation.InvalidInputException;

/** The REST resource, called directly (the HTTP server is built and tested elsewhere). */
class ImportResourceTest {

  @TempDir static Path dir;

  private static Database database;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabases.h2(dir));
  }

  @AfterAll
  static void close() {
    database.close();
  }

  static InputStream body(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }

  static long uploadsLeft() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("tailor-import-")).count();
    }
  }

  @Test
  void importsTheBodyAndAnswersWithTheReportAsJson() throws Exception {
    long before = uploadsLeft();
    Response response =
        new ImportResource(database)
            .importFile(
                "stores",
                "tailor",
                null,
                0,
                "stores.csv",
                null,
                body(
                    "store_code,name,region,country,time_zone\n"
                        + "taipei-101,台北101店,Taipei,TW,Asia/Taipei\n"));

    assertThat(response.getStatus()).isEqualTo(200);
    ImportResource.ReportBody report = (ImportResource.ReportBody) response.getEntity();
    assertThat(report.outcome()).isEqualTo("imported");
    assertThat(report.linesWritten()).isEqualTo(1);
    Jsonb jsonb = JsonbBuilder.create();
    assertThat(jsonb.toJson(report))
        .contains("\"linesWritten\":1", "\"kind\":\"stores\"", "\"source\":\"stores.csv\"");
    jsonb.close();
    assertThat(uploadsLeft()).isEqualTo(before);
  }

  @Test
  void answers422WithTheErrorsInTheReadersLanguage() {
    Response response =
        new ImportResource(database)
            .importFile(
                "products",
                "tailor",
                null,
                0,
                null,
                "es-ES,es;q=0.9,en;q=0.5",
                body("sku,name,category,price,cost\nCOF-1,Café,grocery/coffee,\"12,5O\",\n"));

    assertThat(response.getStatus()).isEqualTo(ImportResource.UNPROCESSABLE_CONTENT);
    ImportResource.ReportBody report = (ImportResource.ReportBody) response.getEntity();
    assertThat(report.outcome()).isEqualTo("rejected");
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo("products.csv");
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.column()).isEqualTo("price");
              assertThat(error.value()).isEqualTo("12,5O");
              assertThat(error.reason())
                  .isEqualTo("no es un número (con «.» como separador decimal).");
            });
  }

  @Test
  void neverReadsAMappingFromAPath() {
    ImportResource resource = new ImportResource(database);

    assertThatThrownBy(
            () ->
                resource.importFile(
                    "purchases", "../../etc/kasse.properties", null, 0, null, null, body("")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("mapping"));
  }

  @Test
  void isForAdministratorsAndIntegratorsOnly() {
    assertThat(ImportResource.class.getAnnotation(RolesAllowed.class).value())
        .containsExactlyInAnyOrder("admin", "integrator");
  }
}
