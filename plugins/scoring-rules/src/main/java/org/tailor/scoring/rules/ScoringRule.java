package org.tailor.scoring.rules;

import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;
import org.tailor.scoring.rules.language.CompiledRule;
import org.tailor.scoring.rules.language.RuleCompiler;
import org.tailor.scoring.rules.language.RuleEvaluationException;
import org.tailor.scoring.rules.language.RuleFacts;
import org.tailor.scoring.rules.language.RuleKind;
import org.tailor.scoring.rules.language.RuleResults;
import org.tailor.scoring.rules.language.RuleSyntaxException;

/**
 * One business rule written by staff: when its condition holds for a shopper, a context and an
 * offer, the offer gets its score. Each rule is one configuration file, {@code
 * config/plugins/org.tailor.scoring.rules.rule-<name>.cfg}, read while the server runs; a rule that
 * does not compile does not start, and the plugin status names the line and column of the mistake.
 * Its plugin id is {@code rule.<name>}, so {@code tailor.decisions.weights} can weigh each rule.
 */
@Component(
    service = ScoringPlugin.class,
    configurationPid = ScoringRule.FACTORY_PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ScoringRule.Settings.class, factory = true)
public class ScoringRule implements ScoringPlugin {

  static final String FACTORY_PID = "org.tailor.scoring.rules.rule";

  @ObjectClassDefinition(
      name = "Scoring rule",
      description =
          "Adds a score to the offers for which a condition over the shopper, the context"
              + " and the offer holds.")
  public @interface Settings {
    @AttributeDefinition(name = "Name", description = "Short name, letters, digits and dashes.")
    String name();

    @AttributeDefinition(
        name = "Condition",
        description = "A CEL condition, such as: category == \"tea\" && hour >= 15")
    String when() default "true";

    @AttributeDefinition(
        name = "Score",
        description =
            "A CEL number added when the condition holds, such as 2 or discountPercent / 10")
    String score();

    @AttributeDefinition(name = "Description", description = "Shown to staff in explanations.")
    String description() default "";
  }

  private String id;
  private String description;
  private CompiledRule condition;
  private CompiledRule score;

  @Activate
  void activate(Settings settings) throws RuleSyntaxException {
    String name = settings.name() == null ? "" : settings.name().strip();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          "name = \"" + name + "\": expected letters, digits and dashes, such as happy-hour");
    }
    id = "rule." + name.toLowerCase(Locale.ROOT);
    description = settings.description().isBlank() ? settings.when() : settings.description();
    RuleCompiler compiler = new RuleCompiler();
    condition = compile(compiler, "when", settings.when(), RuleKind.CONDITION);
    score = compile(compiler, "score", settings.score(), RuleKind.SCORE);
  }

  private static CompiledRule compile(
      RuleCompiler compiler, String field, String source, RuleKind kind)
      throws RuleSyntaxException {
    try {
      return compiler.compile(source, kind);
    } catch (RuleSyntaxException e) {
      throw new RuleSyntaxException(field, e);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return ScoringPlugin.scoreList(this, context, candidates);
  }

  /**
   * The rule's score for the candidates it holds for ({@link Double#NaN} for the others), its
   * description as the reason. The condition and the score are each evaluated once per distinct
   * value of the offer variables they read ({@link RuleResults}): a condition on the shopper and
   * the hour alone once per decision, one on the category once per category.
   */
  @Override
  public CandidateScores scores(DecisionContext context, List<CandidateOffer> candidates) {
    double[] scores = new double[candidates.size()];
    RuleResults results = new RuleResults(RuleFacts.of(context));
    try {
      if (!condition.readsOffer()
          && !candidates.isEmpty()
          && !results.test(condition, candidates.get(0))) {
        return CandidateScores.none(candidates.size()); // holds for no offer in this decision
      }
    } catch (RuleEvaluationException e) {
      throw new IllegalStateException(id + " failed: " + e.getMessage(), e);
    }
    for (int i = 0; i < scores.length; i++) {
      CandidateOffer offer = candidates.get(i);
      try {
        scores[i] = results.test(condition, offer) ? results.score(score, offer) : Double.NaN;
      } catch (RuleEvaluationException e) {
        throw new IllegalStateException(
            id + " failed on offer " + offer.offerCode() + ": " + e.getMessage(), e);
      }
    }
    String reason = description;
    return CandidateScores.of(scores, index -> reason);
  }
}
