package org.tailor.server.reports;

import java.util.Objects;

/**
 * One line of a report: something (a day, a store, a tier, a campaign, an offer) with its treatment
 * and holdout sums and their comparison.
 *
 * @param key the thing's id (store id, offer id, tier, ISO date …)
 * @param code its short code, such as a store or offer code
 * @param name its name
 * @param uplift treatment against holdout
 */
public record ComparedRow(String key, String code, String name, Uplift uplift) {

  public ComparedRow {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uplift, "uplift");
  }
}
