package org.tailor.server.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /api/v1/openapi.json} and {@code .yaml}: the API's description; no key needed. */
@Path("/api/v1")
@PermitAll
@Hidden
public final class OpenApiResource {

  private final Supplier<OpenApiDocument> document;

  OpenApiResource(Set<Class<?>> resourceClasses, String version) {
    this.document = memoize(() -> OpenApiDocument.of(resourceClasses, version));
  }

  @GET
  @Path("openapi.json")
  @Produces(MediaType.APPLICATION_JSON)
  public String json() {
    return document.get().json();
  }

  @GET
  @Path("openapi.yaml")
  @Produces("application/yaml")
  public String yaml() {
    return document.get().yaml();
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
