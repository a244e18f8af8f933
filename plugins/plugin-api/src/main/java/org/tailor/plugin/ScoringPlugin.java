package org.tailor.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Scores candidate offers for one shopper in one context. Register an implementation as an OSGi
 * service (for example a Declarative Services component); the host's decision pipeline calls every
 * active scoring plugin and combines their scores by its configured policy.
 *
 * <p>A plugin must not block for long (the decision has a budget of a few milliseconds) and must
 * not keep references to the arguments after it returns. A plugin that throws is skipped for that
 * decision and reported in the plugin status; the decision still answers.
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
}
