package org.tailor.server.plugins.testbundles.bulk;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/**
 * Test plugin of plugin API 1.3: scores by position with {@link ScoringPlugin#scores}, the length
 * of the category for offers with one and no opinion (NaN) of store-wide offers; each reason says
 * how many reasons this plugin has been asked for so far, so that a test sees which were asked.
 */
@Component(service = ScoringPlugin.class)
public class BulkScorer implements ScoringPlugin {

  private final AtomicInteger reasonsAsked = new AtomicInteger();

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
    double[] scores = new double[candidates.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = candidates.get(i).category().map(c -> (double) c.length()).orElse(Double.NaN);
    }
    return CandidateScores.of(
        scores,
        index ->
            "reason #"
                + reasonsAsked.incrementAndGet()
                + " for "
                + candidates.get(index).offerCode());
  }
}
