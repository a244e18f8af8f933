package org.tailor.scoring.history;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The plugin's settings, from {@code config/plugins/org.tailor.scoring.history.cfg}, described with
 * OSGi Metatype so that the admin pages can render and check them. Labels are localised in {@code
 * OSGI-INF/l10n/metatype*.properties}.
 */
@ObjectClassDefinition(
    id = HistoryScoringPlugin.PID,
    name = "%config.name",
    description = "%config.description",
    localization = "OSGI-INF/l10n/metatype")
public @interface HistoryScoringConfig {

  @AttributeDefinition(
      name = "%rebuildMinutes.name",
      description = "%rebuildMinutes.description",
      min = "1")
  int rebuildMinutes() default 360;

  @AttributeDefinition(
      name = "%ledgerDays.name",
      description = "%ledgerDays.description",
      min = "1")
  int ledgerDays() default 365;

  @AttributeDefinition(
      name = "%neighbours.name",
      description = "%neighbours.description",
      min = "1")
  int neighbours() default 50;

  @AttributeDefinition(name = "%shrink.name", description = "%shrink.description", min = "0")
  double shrink() default 1.2;

  @AttributeDefinition(
      name = "%bestsellerDays.name",
      description = "%bestsellerDays.description",
      min = "1")
  int bestsellerDays() default 30;

  @AttributeDefinition(
      name = "%recentReceipts.name",
      description = "%recentReceipts.description",
      min = "1")
  int recentReceipts() default 100;

  @AttributeDefinition(
      name = "%halfLifeDays.name",
      description = "%halfLifeDays.description",
      min = "1")
  int halfLifeDays() default 60;

  @AttributeDefinition(
      name = "%affinityWindowDays.name",
      description = "%affinityWindowDays.description",
      min = "1")
  int affinityWindowDays() default 90;

  @AttributeDefinition(
      name = "%affinityWeight.name",
      description = "%weight.description",
      min = "0")
  double affinityWeight() default 1.0;

  @AttributeDefinition(
      name = "%similarityWeight.name",
      description = "%weight.description",
      min = "0")
  double similarityWeight() default 1.0;

  @AttributeDefinition(
      name = "%preferenceWeight.name",
      description = "%weight.description",
      min = "0")
  double preferenceWeight() default 1.0;

  @AttributeDefinition(
      name = "%bestsellerWeight.name",
      description = "%weight.description",
      min = "0")
  double bestsellerWeight() default 0.5;
}
