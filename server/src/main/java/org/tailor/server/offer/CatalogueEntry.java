package org.tailor.server.offer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An active offer as the catalogue cache keeps it: what is shown, and when, where and on which
 * channels it may be.
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

  /** The instants at which {@link #shownAt} may change, for a store and channel. */
  List<Instant> edges() {
    List<Instant> edges = new ArrayList<>(4);
    edges.add(validFrom);
    edges.add(offer.validUntil());
    campaignStarts.ifPresent(edges::add);
    campaignEnds.ifPresent(edges::add);
    return edges;
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
