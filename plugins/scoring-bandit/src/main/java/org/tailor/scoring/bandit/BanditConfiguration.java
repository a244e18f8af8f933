package org.tailor.scoring.bandit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The bandit's settings, from {@code config/plugins/org.tailor.scoring.bandit.cfg}. */
@ObjectClassDefinition(
    name = "Bandit scoring",
    description = "A contextual bandit that learns from every redemption.")
@interface BanditConfiguration {

  @AttributeDefinition(
      name = "Algorithm",
      description = "Thompson sampling per offer and segment, or LinUCB over context features.",
      options = {
        @Option(label = "Thompson sampling", value = "thompson"),
        @Option(label = "LinUCB", value = "linucb")
      })
  String algorithm() default "thompson";

  @AttributeDefinition(
      name = "LinUCB alpha",
      description = "Weight of the confidence width in LinUCB, 0 or more.",
      min = "0")
  double linUcbAlpha() default 0.1;

  @AttributeDefinition(
      name = "Segment prior strength",
      description =
          "How many presentations an offer's overall redemption rate is worth as a segment's prior.",
      min = "0")
  double segmentPriorStrength() default 10;

  @AttributeDefinition(
      name = "Remembered presentations",
      description = "Recent presentations kept so that redemptions are credited to their context.",
      min = "1")
  int rememberedPresentations() default 100_000;

  @AttributeDefinition(
      name = "Time zone",
      description = "Time zone of the hour-of-day and day-of-week features, such as Europe/Madrid.")
  String zone() default "UTC";

  @AttributeDefinition(
      name = "Value tier attribute",
      description = "The shopper attribute that holds the value tier.")
  String valueTierAttribute() default "valueTier";

  @AttributeDefinition(
      name = "Purchase affinity",
      description =
          "Whether a known shopper's recent purchases give each offer an affinity level (none,"
              + " low, mid, high by the share of purchase lines in its category) in the Thompson"
              + " segment and the LinUCB features.")
  boolean purchaseAffinity() default true;

  @AttributeDefinition(
      name = "Recent purchases",
      description = "How many of a known shopper's latest purchases (receipts) the affinity uses.",
      min = "1")
  int recentPurchases() default 50;

  @AttributeDefinition(
      name = "Save every (seconds)",
      description =
          "How often the learned state is saved when it changed; also saved on stop. A save waits"
              + " at least 20 times as long as the last one took, so a large state is saved"
              + " less often.",
      min = "1")
  int saveSeconds() default 5;
}
