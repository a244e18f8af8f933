package org.tailor.server.api;

import java.time.Duration;
import java.util.Objects;
import org.tailor.server.config.TailorSettings;

/**
 * Where the HTTP API listens and how much it accepts.
 *
 * @param host interface to bind, {@code tailor.http.host} (default {@code 127.0.0.1}; {@code
 *     0.0.0.0} for all)
 * @param port TCP port, {@code tailor.http.port} (default 8080; 0 picks a free port)
 * @param maxBodyBytes largest request body accepted, {@code tailor.http.max.body.bytes} (default 1
 *     MiB); larger bodies get 413
 * @param maxImportBytes largest body accepted under {@code /api/v1/imports/}, {@code
 *     tailor.http.max.import.bytes} (default 512 MiB), for POS exports
 * @param healthCheckTimeout how long {@code /api/v1/health} waits for one check before calling it
 *     down, {@code tailor.http.health.timeout.ms} (default 5000)
 * @param accessLog whether each request is logged in NCSA format to logger {@code
 *     org.eclipse.jetty.server.RequestLog}, {@code tailor.http.access.log} (default true)
 */
public record HttpApiSettings(
    String host,
    int port,
    long maxBodyBytes,
    long maxImportBytes,
    Duration healthCheckTimeout,
    boolean accessLog) {

  /** Requests whose path starts with this get {@link #maxImportBytes} instead of the body limit. */
  public static final String IMPORT_PATH_PREFIX = "/api/v1/imports/";

  public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;
  public static final long DEFAULT_MAX_IMPORT_BYTES = 512L << 20;

  public HttpApiSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(healthCheckTimeout, "healthCheckTimeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("tailor.http.host is empty: expected a host name or IP");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "tailor.http.port = " + port + ": expected 0 (any free port) to 65535");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException(
          "tailor.http.max.body.bytes = " + maxBodyBytes + ": expected 1 or more");
    }
    if (maxImportBytes < 1) {
      throw new IllegalArgumentException(
          "tailor.http.max.import.bytes = " + maxImportBytes + ": expected 1 or more");
    }
    if (healthCheckTimeout.isNegative() || healthCheckTimeout.isZero()) {
      throw new IllegalArgumentException(
          "tailor.http.health.timeout.ms = "
              + healthCheckTimeout.toMillis()
              + ": expected 1 or more");
    }
  }

  /** Reads {@code tailor.http.*}. */
  public static HttpApiSettings from(TailorSettings settings) {
    return new HttpApiSettings(
        settings.httpHost(),
        settings.httpPort(),
        settings.getLong("tailor.http.max.body.bytes", DEFAULT_MAX_BODY_BYTES),
        settings.getLong("tailor.http.max.import.bytes", DEFAULT_MAX_IMPORT_BYTES),
        Duration.ofMillis(settings.getLong("tailor.http.health.timeout.ms", 5000)),
        settings.getBoolean("tailor.http.access.log", true));
  }

  /** Defaults on the given host and port, e.g. {@code local(0)} in tests. */
  public static HttpApiSettings local(int port) {
    return new HttpApiSettings(
        "127.0.0.1",
        port,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_IMPORT_BYTES,
        Duration.ofSeconds(5),
        true);
  }

  public HttpApiSettings withBodyLimits(long maxBodyBytes, long maxImportBytes) {
    return new HttpApiSettings(
        host, port, maxBodyBytes, maxImportBytes, healthCheckTimeout, accessLog);
  }

  /** The limit for a request to {@code path} (absolute, as sent). */
  long bodyLimitFor(String path) {
    return path.startsWith(IMPORT_PATH_PREFIX) ? maxImportBytes : maxBodyBytes;
  }
}
