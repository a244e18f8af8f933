package org.tailor.server.trigger;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What one run of a trigger did.
 *
 * @param candidates shoppers (or household members) the trigger applies to that day
 * @param fired those it fired for now, each with its messages written
 * @param alreadyFired those it had fired for earlier in the period
 * @param noChannel those who permit none of the trigger channels (tried again next run)
 * @param messages messages written to the outbox
 * @param skipped why the trigger did not run at all, if it did not
 */
public record TriggerReport(
    TriggerKind kind,
    LocalDate day,
    int candidates,
    int fired,
    int alreadyFired,
    int noChannel,
    int messages,
    Optional<String> skipped) {

  static TriggerReport skipped(TriggerKind kind, LocalDate day, String why) {
    return new TriggerReport(kind, day, 0, 0, 0, 0, 0, Optional.of(why));
  }
}
