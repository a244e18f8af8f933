package org.tailor.server.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.Caller;

/**
 * Reads the API key of a request ({@code Authorization: Bearer <key>} or {@code X-API-Key: <key>})
 * and, when it is valid, makes its {@link Caller} the request's principal, so that
 * {@code @RolesAllowed} can be checked and resources can read {@code
 * SecurityContext.getUserPrincipal()}. A missing or bad key is not refused here: endpoints that
 * need no key (health, metrics, OpenAPI) still answer, and the others refuse with 401. {@link
 * ApiKeyService#authenticate} remembers a valid key for {@link
 * ApiKeyService#AUTHENTICATION_CACHE_TTL}, so most requests cost no database look-up.
 */
@Priority(Priorities.AUTHENTICATION)
final class ApiKeyAuthentication implements ContainerRequestFilter {

  static final String API_KEY_HEADER = "X-API-Key";

  private final ApiKeyService keys;

  ApiKeyAuthentication(ApiKeyService keys) {
    this.keys = keys;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<String> presented = presentedKey(request);
    if (presented.isEmpty()) {
      return;
    }
    Optional<Caller> caller = keys.authenticate(presented.get());
    if (caller.isPresent()) {
      boolean secure = request.getSecurityContext().isSecure();
      request.setSecurityContext(new CallerContext(caller.get(), secure));
    }
  }

  private static Optional<String> presentedKey(ContainerRequestContext request) {
    String header = request.getHeaderString(API_KEY_HEADER);
    if (header != null && !header.isBlank()) {
      return Optional.of(header.trim());
    }
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(authorization.substring(7).trim());
    }
    return Optional.empty();
  }

  /** The security context of a request made with a valid key. */
  private record CallerContext(Caller caller, boolean secure) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      return caller.role().id().equals(role);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }
}
