package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/** Plugin API 1.3's scores by candidate position, and the default that serves 1.2 plugins. */
class CandidateScoresTest {

  private static final DecisionContext CONTEXT =
      new DecisionContext(
          Optional.empty(), "S1", Optional.empty(), "kiosk", Instant.parse("2026-03-02T10:00:00Z"));

  private static CandidateOffer offer(String code) {
    return new CandidateOffer(
        code, Optional.of("tea"), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static final List<CandidateOffer> THREE = List.of(offer("a"), offer("b"), offer("c"));

  /** A plugin written for 1.2: a list of scores, one of them twice. */
  private static final ScoringPlugin OLD_STYLE =
      new ScoringPlugin() {
        @Override
        public String id() {
          return "old";
        }

        @Override
        public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
          return List.of(
              new OfferScore("c", 2.0, "likes c"),
              new OfferScore("a", 0.5, "a little"),
              new OfferScore("c", 1.0, "and more"));
        }
      };

  @Test
  void theDefaultPutsAnOlderPluginsScoresInTheCandidatesOrder() {
    CandidateScores scores = OLD_STYLE.scores(CONTEXT, THREE);

    assertThat(scores.size()).isEqualTo(3);
    assertThat(scores.score(0)).isEqualTo(0.5);
    assertThat(scores.scored(1)).isFalse();
    assertThat(scores.score(1)).isNaN();
    assertThat(scores.score(2)).isEqualTo(3.0); // two scores of one offer add up
    assertThat(scores.reason(2)).isEqualTo("likes c; and more");
    assertThatThrownBy(() -> scores.reason(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("candidate 1 was not scored");
  }

  @Test
  void anOlderPluginScoringAnOfferThatIsNoCandidateIsRefused() {
    ScoringPlugin stray =
        new ScoringPlugin() {
          @Override
          public String id() {
            return "stray";
          }

          @Override
          public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
            return List.of(new OfferScore("zzz", 1.0, "not offered"));
          }
        };

    assertThatThrownBy(() -> stray.scores(CONTEXT, THREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scored offer 'zzz', which is not among the candidates");
  }

  @Test
  void reasonsAreAskedForOnlyWhenWantedAndScoreListGivesThemAll() {
    int[] asked = new int[1];
    ScoringPlugin bulk =
        new ScoringPlugin() {
          @Override
          public String id() {
            return "bulk";
          }

          @Override
          public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
            return ScoringPlugin.scoreList(this, context, candidates);
          }

          @Override
          public CandidateScores scores(DecisionContext context, List<CandidateOffer> candidates) {
            return CandidateScores.of(
                new double[] {1.0, Double.NaN, -2.0},
                index -> {
                  asked[0]++;
                  return "why " + candidates.get(index).offerCode();
                });
          }
        };

    CandidateScores scores = bulk.scores(CONTEXT, THREE);
    assertThat(asked[0]).isZero();
    assertThat(scores.reason(2)).isEqualTo("why c");
    assertThat(asked[0]).isEqualTo(1);

    assertThat(bulk.score(CONTEXT, THREE))
        .containsExactly(new OfferScore("a", 1.0, "why a"), new OfferScore("c", -2.0, "why c"));
  }

  @Test
  void anInfiniteScoreIsRefusedNamingItsPosition() {
    assertThatThrownBy(
            () -> CandidateScores.of(new double[] {1, Double.POSITIVE_INFINITY}, index -> "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "score of candidate 1 must be a finite number or NaN for no opinion, was Infinity");
  }

  @Test
  void noneHasNoOpinionOfAnyCandidate() {
    CandidateScores none = CandidateScores.none(2);
    assertThat(none.size()).isEqualTo(2);
    assertThat(none.scored(0)).isFalse();
    assertThat(none.scored(1)).isFalse();
  }

  @Test
  void lentScoresAreTheFirstEntriesOfTheArrayAndNoMore() {
    double[] working = {0.5, Double.NaN, 2.0, Double.POSITIVE_INFINITY, 9.0};

    CandidateScores scores = CandidateScores.lent(working, 3, index -> "r" + index);

    assertThat(scores.size()).isEqualTo(3);
    assertThat(scores.score(2)).isEqualTo(2.0);
    assertThat(scores.scored(1)).isFalse();
    assertThat(scores.reason(0)).isEqualTo("r0");
    // the infinity beyond the size is not this decision's and is not checked
    assertThatThrownBy(() -> scores.score(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> scores.scored(4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void lentScoresAreCheckedAndSizedLikeAnyOthers() {
    double[] working = {1.0, Double.NEGATIVE_INFINITY};

    assertThatThrownBy(() -> CandidateScores.lent(working, 2, index -> "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("score of candidate 1 must be a finite number");
    assertThatThrownBy(() -> CandidateScores.lent(working, 3, index -> "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size 3 outside 0..2, the length of the scores");
    assertThatThrownBy(() -> CandidateScores.lent(working, -1, index -> "r"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CandidateScores.lent(working, 1, index -> "r").size()).isEqualTo(1);
  }

  @Test
  void aNullReasonIsRefusedNamingTheCandidate() {
    CandidateScores scores = CandidateScores.of(new double[] {1.0, 2.0}, index -> null);

    assertThatThrownBy(() -> scores.reason(1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason of candidate 1");
  }
}
