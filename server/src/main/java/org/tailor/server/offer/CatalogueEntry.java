package org.tailor.server.offer;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An active offer as the catalogue cache keeps it: what is shown, and when, where and on which
 * channels it may be. Equal by value, so that a reload that reads the same entries can keep what
 * the cache found from the last ones.
 */
record CatalogueEntry(
    ActiveOffer offer,
    Instant validFrom,
    Optional<Instant> campaignStarts,
    Optional<Instant> campaignEnds,
    Set<String> storeCodes,
    Set<String> channels) {

  CatalogueEntry {
    storeCodes = Set.copyOf(storeCodes);
    channels = Set.copyOf(channels);
  }

  /**
   * The latest of the instants at which {@link #shownAt} may change (for any store and channel)
   * that is not after {@code at}, or {@link Instant#MIN} if none is.
   */
  Instant lastChangeUpTo(Instant at) {
    Instant last = Instant.MIN;
    last = laterUpTo(at, validFrom, last);
    last = laterUpTo(at, offer.validUntil(), last);
    if (campaignStarts.isPresent()) {
      last = laterUpTo(at, campaignStarts.get(), last);
    }
    if (campaignEnds.isPresent()) {
      last = laterUpTo(at, campaignEnds.get(), last);
    }
    return last;
  }

  /**
   * The first of the instants at which {@link #shownAt} may change (for any store and channel) that
   * is after {@code at}, or {@link Instant#MAX} if none is.
   */
  Instant nextChangeAfter(Instant at) {
    Instant next = Instant.MAX;
    next = earlierAfter(at, validFrom, next);
    next = earlierAfter(at, offer.validUntil(), next);
    if (campaignStarts.isPresent()) {
      next = earlierAfter(at, campaignStarts.get(), next);
    }
    if (campaignEnds.isPresent()) {
      next = earlierAfter(at, campaignEnds.get(), next);
    }
    return next;
  }

  private static Instant laterUpTo(Instant at, Instant change, Instant last) {
    return !at.isBefore(change) && change.isAfter(last) ? change : last;
  }

  private static Instant earlierAfter(Instant at, Instant change, Instant next) {
    return at.isBefore(change) && change.isBefore(next) ? change : next;
  }

  boolean shownAt(String storeCode, String channel, Instant at) {
    return !at.isBefore(validFrom)
        && at.isBefore(offer.validUntil())
        && campaignStarts.map(start -> !at.isBefore(start)).orElse(true)
        && campaignEnds.map(at::isBefore).orElse(true)
        && (storeCodes.isEmpty() || storeCodes.contains(storeCode))
        && (channels.isEmpty() || channels.contains(channel));
  }
}
