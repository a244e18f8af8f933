package org.tailor.server.plugins.testbundles.weighted;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/** Test plugin that gives every candidate the weight set in its configuration. */
@Component(service = ScoringPlugin.class, configurationPid = WeightedScorer.PID)
@Designate(ocd = WeightedScorer.Settings.class)
public class WeightedScorer implements ScoringPlugin {

  static final String PID = "tailor.test.weighted";

  @ObjectClassDefinition(
      name = "Weighted scorer",
      description = "Gives every offer the same weight.")
  public @interface Settings {
    @AttributeDefinition(name = "Weight", description = "The score of every offer.")
    double weight() default 1.0;
  }

  private volatile double weight;

  @Activate
  @Modified
  void configure(Settings settings) {
    weight = settings.weight();
  }

  @Override
  public String id() {
    return "weighted";
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return candidates.stream()
        .map(offer -> new OfferScore(offer.offerCode(), weight, "configured weight"))
        .toList();
  }
}
