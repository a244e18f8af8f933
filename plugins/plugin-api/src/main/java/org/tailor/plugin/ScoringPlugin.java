package org.tailor.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Scores candidate offers for one shopper in one context. Register an implementation as an OSGi
 * service (for example a Declarative Services component); the host's decision pipeline calls every
 * active scoring plugin and combines their scores by its configured policy.
 *
 * <p>A plugin must not block for long (the decision has a budget of a few milliseconds) and must
 * not keep references to the arguments after the decision (see {@link CandidateScores.Reasons}). A
 * plugin that throws is skipped for that decision and reported in the plugin status; the decision
 * still answers.
 *
 * <p>The host calls {@link #scores(DecisionContext, List)}. A plugin that only implements {@link
 * #score(DecisionContext, List)} keeps working through its default; one that scores many candidates
 * should implement {@code scores} itself: plain numbers by position, and the reasons put into words
 * only for the few offers shown, instead of one {@link OfferScore} with its words per candidate.
 */
@ConsumerType
public interface ScoringPlugin {

  /** A stable id, such as {@code "rules"} or {@code "bandit"}, shown in explanations. */
  String id();

  /**
   * Scores the candidates. Returns one score per candidate it has an opinion about; candidates it
   * leaves out are treated as neutral.
   */
  List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates);

  /**
   * Scores the candidates by position: one number per candidate ({@link Double#NaN} where the
   * plugin has no opinion), with the reasons put into words only for the candidates the host shows.
   * This is what the host calls for every decision.
   *
   * <p>The default calls {@link #score(DecisionContext, List)} and puts its scores in the
   * candidates' order ({@link CandidateScores#of(List, List)}), so a plugin written for version 1.2
   * of this package works unchanged. A plugin that implements this method should still implement
   * {@code score} (for example with {@link #scoreList(ScoringPlugin, DecisionContext, List)}), as
   * tools and older hosts may call it.
   *
   * @since 1.3
   */
  default CandidateScores scores(DecisionContext context, List<CandidateOffer> candidates) {
    return CandidateScores.of(candidates, score(context, candidates));
  }

  /**
   * {@link #score(DecisionContext, List)} for a plugin that implements {@link
   * #scores(DecisionContext, List)}: its scores as a list, with every reason put into words.
   *
   * @since 1.3
   */
  static List<OfferScore> scoreList(
      ScoringPlugin plugin, DecisionContext context, List<CandidateOffer> candidates) {
    CandidateScores scores = plugin.scores(context, candidates);
    if (scores.size() != candidates.size()) {
      throw new IllegalStateException(
          "scores() gave " + scores.size() + " scores for " + candidates.size() + " candidates");
    }
    List<OfferScore> list = new java.util.ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      if (scores.scored(i)) {
        list.add(new OfferScore(candidates.get(i).offerCode(), scores.score(i), scores.reason(i)));
      }
    }
    return list;
  }
}
