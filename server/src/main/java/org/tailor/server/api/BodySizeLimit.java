package org.tailor.server.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.UncheckedIOException;

/**
 * Refuses request bodies over the limit ({@code tailor.http.max.body.bytes}, or {@code
 * tailor.http.max.import.bytes} under {@code /api/v1/imports/}): at once when {@code
 * Content-Length} says so, otherwise as soon as the stream passes the limit.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class BodySizeLimit implements ContainerRequestFilter {

  private final HttpApiSettings settings;

  BodySizeLimit(HttpApiSettings settings) {
    this.settings = settings;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    long limit = settings.bodyLimitFor(request.getUriInfo().getRequestUri().getRawPath());
    String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        length = -1; // Jetty refuses malformed lengths before we get here
      }
      if (length > limit) {
        throw new UncheckedIOException(new BodyTooLargeException(limit));
      }
    }
    if (request.hasEntity()) {
      request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
    }
  }
}
