package org.tailor.scoring.value.rfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tailor.scoring.value.lifetime.CustomerSummary;

class RfmScoringTest {

  @Test
  void quintilesOfAPopulationOfTen() {
    List<CustomerSummary> population = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      // shopper i: i repeat purchases, last one i weeks before the end, mean spend 10 i.
      population.add(new CustomerSummary("c" + i, i, 20 - i, 20, 10.0 * i));
    }
    RfmScoring scoring = RfmScoring.fromPopulation(population);

    assertThat(scoring.score(population.get(9))).isEqualTo(new RfmScore(1, 5, 5));
    assertThat(scoring.score(population.get(0))).isEqualTo(new RfmScore(5, 1, 1));
    assertThat(scoring.score(population.get(4)).cell()).isEqualTo(333);
  }

  @Test
  void scoresOutsideOneToFiveAndEmptyPopulationsAreRefused() {
    assertThatThrownBy(() -> new RfmScore(0, 3, 3))
        .hasMessage("recency: \"0\" is not valid; expected a score from 1 to 5.");
    assertThatThrownBy(() -> RfmScoring.fromPopulation(List.of()))
        .hasMessageContaining("population");
  }
}
