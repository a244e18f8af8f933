package org.tailor.plugin;

import java.util.List;
import java.util.Optional;
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
 *
 * <p>A plugin that prepares a model in the background after it starts (reading the purchase ledger,
 * fitting parameters) says so with {@link #warmingUp()} until its first model is there, so that the
 * host's status and benchmarks can tell its cold-start answers from its real ones.
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
   * Whether the plugin is still preparing its first model, and if so what it waits for, in words
   * for staff in the host's language ({@link
   * org.tailor.plugin.host.HostConfiguration#defaultLanguage()}), such as {@code "first
   * purchase-history model, from 365 days of the purchase ledger"}. Empty when the plugin scores as
   * it is meant to: its first model is built, or it needs none.
   *
   * <p>While a plugin warms up the host still calls {@link #scores(DecisionContext, List)} for
   * every decision, and the plugin answers as best it can (a cold-start fallback); the host lists
   * it as warming up in its plugin status. The answer should turn empty once the first preparation
   * has ended, whether it succeeded or failed (a plugin whose first build failed goes on with its
   * fallback and reports the failure in its log), so that nobody waits for it forever. Called from
   * any thread, now and then (status requests, benchmarks); it must be cheap and must not block. A
   * plugin whose answer throws is taken as ready and the failure is recorded against it.
   *
   * <p>The default answers empty: a plugin without a background first model, or written for an
   * earlier version of this package, is ready as soon as it is active.
   *
   * @since 1.4
   */
  default Optional<String> warmingUp() {
    return Optional.empty();
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
