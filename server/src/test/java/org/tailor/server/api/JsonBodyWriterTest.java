package org.tailor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.Jsonb;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonBodyWriterTest {

  /** JSON-B (Yasson) binds only public records, so this one is public. */
  public record Visit(
      String store, Instant at, LocalDate day, Optional<String> note, String cashier) {}

  private final Jsonb jsonb = JsonBodyWriter.newJsonb();

  @Test
  void writesTimesAsIsoTextAndLeavesOutAbsentValues() {
    String json =
        jsonb.toJson(
            new Visit(
                "MAD-01",
                Instant.parse("2024-05-01T09:30:00Z"),
                LocalDate.of(2024, 5, 1),
                Optional.empty(),
                null));
    assertThat(json)
        .isEqualTo("{\"at\":\"2024-05-01T09:30:00Z\",\"day\":\"2024-05-01\",\"store\":\"MAD-01\"}");
  }

  @Test
  void readsAnAbsentOptionalAsEmptyNotNull() {
    Visit visit = jsonb.fromJson("{\"store\":\"MAD-01\"}", Visit.class);
    assertThat(visit.note()).isEmpty();
    assertThat(jsonb.fromJson("{\"note\":\"hi\"}", Visit.class).note()).contains("hi");
  }
}
