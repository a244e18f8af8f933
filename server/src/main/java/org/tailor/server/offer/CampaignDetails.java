package org.tailor.server.offer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A campaign as staff describe it.
 *
 * @param code the campaign's code, such as {@code "spring-2025"}
 * @param name its name
 * @param holdoutShare the share of shoppers held out as a control group, from 0 to 0.5
 * @param startsAt when it starts, if it has a fixed start
 * @param endsAt when it ends, if it has a fixed end
 */
public record CampaignDetails(
    String code,
    String name,
    BigDecimal holdoutShare,
    Optional<Instant> startsAt,
    Optional<Instant> endsAt) {

  /** Missing optional fields (as JSON-B binds them) become empty. */
  public CampaignDetails {
    startsAt = startsAt == null ? Optional.empty() : startsAt;
    endsAt = endsAt == null ? Optional.empty() : endsAt;
  }
}
