package org.tailor.server.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code GET /api/v1/health}: UP when every check is UP (status 200), DOWN otherwise
 * (status 503), with each check's outcome.
 *
 * @param status the server as a whole
 * @param checks each check, in the order they were registered
 */
@JsonbPropertyOrder({"status", "checks"})
public record HealthReport(HealthStatus status, List<ComponentHealth> checks) {

  public HealthReport {
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
  }

  static HealthReport of(List<ComponentHealth> checks) {
    boolean allUp = checks.stream().allMatch(c -> c.status() == HealthStatus.UP);
    return new HealthReport(allUp ? HealthStatus.UP : HealthStatus.DOWN, checks);
  }
}
