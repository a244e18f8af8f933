package org.tailor.server.permission;

import java.time.Instant;

/**
 * Permits for tests that exercise the plugin host's delivery path on its own. Production code gets
 * permits only from {@link PermissionGate}; the constructor is package-private.
 */
public final class TestPermits {

  private TestPermits() {}

  public static DeliveryPermit permit(String channel, String messageId, String address) {
    return new DeliveryPermit(
        messageId, channel, 0L, "offers", address, Instant.parse("2026-03-02T10:00:00Z"));
  }
}
