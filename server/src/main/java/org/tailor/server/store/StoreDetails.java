package org.tailor.server.store;

import java.util.Optional;

/**
 * A store as staff describe it, for creating, updating and listing stores.
 *
 * @param code the chain's code for the store, such as {@code "madrid-01"}
 * @param name the store's name
 * @param region the region it belongs to, for reports
 * @param country ISO 3166-1 alpha-2 country code
 * @param timeZone the store's time zone, such as {@code "Europe/Madrid"}
 */
public record StoreDetails(
    String code, String name, Optional<String> region, Optional<String> country, String timeZone) {

  /** Missing optional fields (as JSON-B binds them) become empty. */
  public StoreDetails {
    region = region == null ? Optional.empty() : region;
    country = country == null ? Optional.empty() : country;
  }
}
