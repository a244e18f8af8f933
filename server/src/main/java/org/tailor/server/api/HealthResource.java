package org.tailor.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code GET /api/v1/health}: runs every {@link HealthCheck} at once; no key needed. */
@Path("/api/v1/health")
@PermitAll
public final class HealthResource {

  private final List<HealthCheck> checks;
  private final ExecutorService executor;
  private final Duration timeout;

  HealthResource(List<HealthCheck> checks, ExecutorService executor, Duration timeout) {
    this.checks = List.copyOf(checks);
    this.executor = executor;
    this.timeout = timeout;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Whether the server and each part it depends on work",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "Every check is UP",
            content = @Content(schema = @Schema(implementation = HealthReport.class))),
        @ApiResponse(
            responseCode = "503",
            description = "At least one check is DOWN",
            content = @Content(schema = @Schema(implementation = HealthReport.class)))
      })
  public Response health() {
    HealthReport report = report();
    return Response.status(report.status() == HealthStatus.UP ? 200 : 503)
        .entity(report)
        .header("Cache-Control", "no-store")
        .build();
  }

  HealthReport report() {
    List<Future<String>> running = new ArrayList<>();
    for (HealthCheck check : checks) {
      running.add(executor.submit(check::probe));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ComponentHealth> outcomes = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      outcomes.add(outcome(checks.get(i).name(), running.get(i), deadline));
    }
    return HealthReport.of(outcomes);
  }

  private ComponentHealth outcome(String name, Future<String> probe, long deadline) {
    try {
      String detail = probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return new ComponentHealth(name, HealthStatus.UP, detail == null ? "" : detail);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      return new ComponentHealth(name, HealthStatus.DOWN, message);
    } catch (TimeoutException e) {
      probe.cancel(true);
      return new ComponentHealth(
          name, HealthStatus.DOWN, "no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      probe.cancel(true);
      return new ComponentHealth(name, HealthStatus.DOWN, "interrupted");
    }
  }
}
