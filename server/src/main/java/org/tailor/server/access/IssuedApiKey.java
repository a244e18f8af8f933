package org.tailor.server.access;

import java.util.Objects;

/**
 * A key just created or rotated, with its secret. The secret is shown this once: Tailor keeps only
 * its SHA-256 hash and cannot show it again.
 *
 * @param info the key's name, role and store
 * @param secret the key to send as {@code Authorization: Bearer <secret>} or {@code X-API-Key}
 */
public record IssuedApiKey(ApiKeyInfo info, String secret) {

  public IssuedApiKey {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "IssuedApiKey[info=" + info + ", secret=(hidden)]";
  }
}
