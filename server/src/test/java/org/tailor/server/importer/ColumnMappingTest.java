package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.validation.InvalidInputException;

class ColumnMappingTest {

  @TempDir Path dir;

  static Properties properties(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return properties;
  }

  @Test
  void theTailorMappingReadsEveryLayoutColumnUnderItsOwnName() {
    for (ImportKind kind : ImportKind.values()) {
      ColumnMapping mapping = ColumnMapping.tailor(kind);
      assertThat(mapping.columns().keySet())
          .containsExactlyInAnyOrderElementsOf(kind.layoutFields());
      assertThat(mapping.column(kind.layoutFields().get(0))).contains(kind.layoutFields().get(0));
    }
  }

  @Test
  void theOnlineRetailMappingReadsPurchasesWithReturnsAndOneStore() {
    ColumnMapping mapping = ColumnMapping.onlineRetail();

    assertThat(mapping.kind()).isEqualTo(ImportKind.PURCHASES);
    assertThat(mapping.column("receipt_number")).contains("InvoiceNo");
    assertThat(mapping.returnPrefix()).contains("C");
    assertThat(mapping.storeCode()).contains("online-retail-uk");
    assertThat(mapping.currency()).contains("GBP");
    assertThat(mapping.createMissing()).isTrue();
  }

  @Test
  void readsBothDateLayoutsOfOnlineRetailAsLondonTime() {
    SourceColumns columns =
        SourceColumns.match(
            "f.csv",
            ColumnMapping.onlineRetail(),
            List.of("InvoiceDate"),
            List.of(),
            new ArrayList<>());

    Instant csvCopy =
        new Cells(columns, List.of("2010-12-01 08:26:00"), 2, 0).instant("purchased_at", true);
    Instant spreadsheet =
        new Cells(columns, List.of("12/1/2010 8:26"), 3, 1).instant("purchased_at", true);
    Cells summer = new Cells(columns, List.of("2011-06-01 08:26:00"), 4, 2);

    assertThat(csvCopy).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    assertThat(spreadsheet).isEqualTo(csvCopy);
    assertThat(summer.instant("purchased_at", true))
        .isEqualTo(Instant.parse("2011-06-01T07:26:00Z"));
  }

  @Test
  void refusesAnImpossibleDateRatherThanGuessing() {
    Path unused = dir;
    SourceColumns columns =
        SourceColumns.match(
            "f.csv",
            ColumnMapping.onlineRetail(),
            List.of("InvoiceDate"),
            List.of(),
            new ArrayList<>());
    Cells cells = new Cells(columns, List.of("2011-02-30 10:00:00"), 2, 0);

    assertThat(cells.instant("purchased_at", true)).isNull();
    assertThat(unused).isNotNull();
    assertThat(cells.errors())
        .singleElement()
        .extracting(e -> e.reason().key())
        .isEqualTo("value.date.time");
  }

  @Test
  void refusesAnUnknownKeyNamingIt() {
    assertThatThrownBy(
            () -> ColumnMapping.fromProperties("x", properties("kind=purchases\ncolum.sku=Art\n")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("colum.sku"));
  }

  @Test
  void refusesAMappingWithoutARequiredColumn() {
    assertThatThrownBy(
            () ->
                ColumnMapping.fromProperties(
                    "x", properties("kind=products\ncolumn.sku=Art\ncolumn.name=Name\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("column.category");
  }

  @Test
  void refusesAFieldTheKindDoesNotHave() {
    assertThatThrownBy(
            () ->
                ColumnMapping.fromProperties(
                    "x",
                    properties(
                        "kind=stores\ncolumn.store_code=a\ncolumn.name=b\ncolumn.time_zone=c\n"
                            + "column.colour=d\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("column.colour");
  }

  @Test
  void refusesABadPatternZoneAndSeparator() {
    String base = "kind=stores\ncolumn.store_code=a\ncolumn.name=b\ncolumn.time_zone=c\n";
    assertThatThrownBy(
            () ->
                ColumnMapping.fromProperties("x", properties(base + "date.pattern=dd.MM.yyyy{\n")))
        .hasMessageContaining("date.pattern");
    assertThatThrownBy(
            () -> ColumnMapping.fromProperties("x", properties(base + "time.zone=Mars/Olympus\n")))
        .hasMessageContaining("time.zone");
    assertThatThrownBy(
            () -> ColumnMapping.fromProperties("x", properties(base + "decimal.separator=;\n")))
        .hasMessageContaining("decimal.separator");
  }

  @Test
  void refusesAMappingForAnotherKind() throws IOException {
    Path file = dir.resolve("stores-map.properties");
    Files.writeString(
        file, "kind=stores\ncolumn.store_code=a\ncolumn.name=b\ncolumn.time_zone=c\n");

    assertThatThrownBy(() -> ColumnMapping.resolve(file.toString(), ImportKind.PURCHASES))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("reads stores, not purchases");
    assertThat(ColumnMapping.resolve(file.toString(), ImportKind.STORES).name())
        .isEqualTo("stores-map");
    assertThatThrownBy(() -> ColumnMapping.resolve("online-retail", ImportKind.SHOPPERS))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ColumnMapping.resolve("no-such-mapping", ImportKind.SHOPPERS))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void namesKindsAsTheCommandLineDoes() {
    assertThat(ImportKind.named("household-members")).isEqualTo(ImportKind.HOUSEHOLD_MEMBERS);
    assertThat(ImportKind.named("Purchases")).isEqualTo(ImportKind.PURCHASES);
    assertThatThrownBy(() -> ImportKind.named("receipts"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stores, products, shoppers, household-members, consents, purchases");
  }
}
