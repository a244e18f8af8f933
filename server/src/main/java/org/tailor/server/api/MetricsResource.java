package org.tailor.server.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /metrics}: the server's meters in the Prometheus text format; no key needed. */
@Path("/metrics")
@PermitAll
public final class MetricsResource {

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsResource(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @GET
  @Produces(PROMETHEUS_TEXT)
  @Operation(summary = "Prometheus metrics: JVM, process and HTTP requests by route and status")
  public String scrape() {
    return registry.scrape();
  }
}
