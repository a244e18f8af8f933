package org.tailor.server.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the offers report is sorted. */
public enum OfferOrder {
  /** Most shown first. */
  SHOWN("shown"),
  /**
   * Top offers: highest lower end of the 95 % interval of the response uplift first, so that an
   * offer ranks high only when the data show it works. Offers without a holdout come last.
   */
  TOP("top"),
  /** Worst offers: lowest upper end of that interval first. Offers without a holdout come last. */
  WORST("worst");

  private final String id;

  OfferOrder(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<OfferOrder> fromId(String id) {
    return Arrays.stream(values())
        .filter(o -> o.id.equals(id.toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
