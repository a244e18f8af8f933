package org.tailor.scoring.value.plugin;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The value plugin's settings ({@code config/plugins/org.tailor.scoring.value.cfg}). The model
 * parameters are the lines {@code tailor clv fit} prints without {@code --json}; the defaults are
 * Fader, Hardie &amp; Lee's CDNOW estimates, placeholders until the chain fits its own.
 */
@ObjectClassDefinition(
    name = "Value scoring (lifetime value and tiers)",
    description =
        "Scores offers so that discount depth follows the shopper's value tier. Fit the"
            + " parameters with: tailor clv fit --model bgnbd|gammagamma ...")
public @interface ValueSettings {

  @AttributeDefinition(name = "BG/NBD r", description = "Shape of the purchase rate.")
  double bgnbd_r() default 0.2425982;

  @AttributeDefinition(name = "BG/NBD alpha", description = "Scale of the purchase rate (weeks).")
  double bgnbd_alpha() default 4.4136842;

  @AttributeDefinition(name = "BG/NBD a", description = "First shape of the drop-out chance.")
  double bgnbd_a() default 0.7929899;

  @AttributeDefinition(name = "BG/NBD b", description = "Second shape of the drop-out chance.")
  double bgnbd_b() default 2.4261667;

  @AttributeDefinition(name = "Gamma-Gamma p", description = "Shape of the spend per purchase.")
  double gammagamma_p() default 6.25;

  @AttributeDefinition(name = "Gamma-Gamma q", description = "Shape of the spend scale.")
  double gammagamma_q() default 3.74;

  @AttributeDefinition(name = "Gamma-Gamma gamma", description = "Scale of the spend scale.")
  double gammagamma_gamma() default 15.44;

  @AttributeDefinition(name = "Horizon (weeks)", description = "How far lifetime value looks.")
  int horizon_weeks() default 52;

  @AttributeDefinition(name = "Annual discount rate", description = "Such as 0.10 for 10 %.")
  double discount_rate() default 0.10;

  @AttributeDefinition(name = "Margin share", description = "Share of spend kept as margin.")
  double margin_share() default 0.30;

  @AttributeDefinition(name = "Cost per purchase", description = "Cost of serving a purchase.")
  double cost_per_purchase() default 0.0;

  @AttributeDefinition(
      name = "Most valuable from",
      description = "Lifetime value from which a shopper is most valuable.")
  double most_valuable_from() default 100.0;

  @AttributeDefinition(
      name = "Growable from P(alive)",
      description = "P(alive) from which a shopper with a small basket is most growable.")
  double growable_from() default 0.5;

  @AttributeDefinition(
      name = "At risk below P(alive)",
      description = "P(alive) below which a repeat buyer is at risk.")
  double at_risk_below() default 0.3;

  @AttributeDefinition(name = "Target discount, most valuable (%)")
  double target_most_valuable() default 5;

  @AttributeDefinition(name = "Target discount, most growable (%)")
  double target_most_growable() default 15;

  @AttributeDefinition(name = "Target discount, at risk (%)")
  double target_at_risk() default 20;

  @AttributeDefinition(name = "Target discount, steady (%)")
  double target_steady() default 10;

  @AttributeDefinition(name = "Target discount, below zero (%)")
  double target_below_zero() default 0;

  @AttributeDefinition(name = "Target discount, newcomer (%)")
  double target_newcomer() default 10;

  @AttributeDefinition(
      name = "Tolerance (percentage points)",
      description = "How far from the target depth an offer's score falls to 0.")
  double tolerance_points() default 20;

  @AttributeDefinition(
      name = "History limit",
      description = "How many of the shopper's most recent purchases are read.")
  int history_limit() default 1000;
}
