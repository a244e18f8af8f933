package org.tailor.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tailor.server.validation.InvalidInputException;

class JsonShapeTest {

  enum Channel {
    KIOSK,
    EMAIL
  }

  record Line(String sku, int quantity, BigDecimal price) {}

  record Basket(
      @JsonbProperty("store_code") String storeCode,
      List<Line> lines,
      Set<Channel> channels,
      Map<String, Long> counts,
      Optional<Instant> seenAt,
      boolean member) {}

  private static final String GOOD =
      """
      {"store_code": "MAD-01", "member": true,
       "lines": [{"sku": "A1", "quantity": 2, "price": 3.50}],
       "channels": ["KIOSK"], "counts": {"visits": 3}, "seenAt": "2024-05-01T09:30:00Z"}
      """;

  @Test
  void acceptsABodyOfTheRightShape() {
    assertThatCode(() -> check(Basket.class, GOOD)).doesNotThrowAnyException();
  }

  @Test
  void namesAnElementOfAListByItsIndex() {
    String body = GOOD.replace("\"quantity\": 2", "\"quantity\": \"two\"");
    assertRefused(Basket.class, body, "lines[0].quantity", "two");
  }

  @Test
  void usesTheJsonNameOfARenamedComponent() {
    assertRefused(Basket.class, GOOD.replace("\"MAD-01\"", "7"), "store_code", "7");
  }

  @Test
  void refusesAnUnknownEnumConstantListingTheKnownOnes() {
    assertThatThrownBy(() -> check(Basket.class, GOOD.replace("KIOSK", "FAX")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("channels[0]");
              assertThat(e.expected().english()).contains("KIOSK, EMAIL");
            });
  }

  @Test
  void checksMapValuesAndOptionalContents() {
    assertRefused(
        Basket.class, GOOD.replace("\"visits\": 3", "\"visits\": \"3\""), "counts.visits", "3");
    assertRefused(
        Basket.class, GOOD.replace("2024-05-01T09:30:00Z", "yesterday"), "seenAt", "yesterday");
  }

  @Test
  void refusesAStringForABoolean() {
    assertRefused(
        Basket.class, GOOD.replace("\"member\": true", "\"member\": \"yes\""), "member", "yes");
  }

  @Test
  void refusesAMissingPrimitiveButLeavesOtherAbsentValuesToTheRecord() {
    assertRefused(Basket.class, "{\"store_code\": \"X\"}", "member", null);
    assertThatCode(() -> check(Basket.class, "{\"member\": false}")).doesNotThrowAnyException();
  }

  @Test
  void findsWhereANestedRecordsOwnFieldSits() {
    JsonValue body = JsonTree.parse(GOOD.getBytes(StandardCharsets.UTF_8));
    assertThat(JsonShape.locate(Basket.class, body, "sku", "A1")).isEqualTo("lines[0].sku");
    assertThat(JsonShape.locate(Basket.class, body, "member", "true")).isEqualTo("member");
    assertThat(JsonShape.locate(Basket.class, body, "nothing", null)).isEqualTo("nothing");
  }

  @Test
  void reportsWhereMalformedJsonBreaks() {
    assertThatThrownBy(
            () -> JsonTree.parse("{\"lines\": [{\"sku\": }]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            MalformedJsonException.class,
            e -> {
              assertThat(e.field()).contains("lines[0].sku");
              assertThat(e.line()).contains(1L);
            });
  }

  @Test
  void refusesTrailingContentAfterTheDocument() {
    assertThatThrownBy(() -> JsonTree.parse("{} {}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedJsonException.class);
  }

  private static void check(Type type, String json) {
    JsonShape.check(type, JsonTree.parse(json.getBytes(StandardCharsets.UTF_8)), "");
  }

  private static void assertRefused(Type type, String json, String field, String value) {
    assertThatThrownBy(() -> check(type, json))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.value()).isEqualTo(value);
            });
  }
}
