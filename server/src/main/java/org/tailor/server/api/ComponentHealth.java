package org.tailor.server.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Objects;

/**
 * The outcome of one {@link HealthCheck}.
 *
 * @param name the check's name, such as {@code "database"}
 * @param status UP when the probe answered, DOWN when it threw or did not answer in time
 * @param detail what the probe said, or what went wrong
 */
@JsonbPropertyOrder({"name", "status", "detail"})
public record ComponentHealth(String name, HealthStatus status, String detail) {

  public ComponentHealth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }
}
