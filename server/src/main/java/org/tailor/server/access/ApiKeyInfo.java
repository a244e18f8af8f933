package org.tailor.server.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What can be said about an API key without its secret, for listings.
 *
 * @param name unique name of the key
 * @param role what the key may do
 * @param storeCode the store a store manager's key is limited to, by its code
 * @param createdAt when the key was created
 * @param revokedAt when it was revoked; empty while it works
 */
public record ApiKeyInfo(
    String name,
    Role role,
    Optional<String> storeCode,
    Instant createdAt,
    Optional<Instant> revokedAt) {

  public ApiKeyInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }

  public boolean isActive() {
    return revokedAt.isEmpty();
  }
}
