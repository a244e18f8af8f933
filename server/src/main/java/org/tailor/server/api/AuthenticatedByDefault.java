package org.tailor.server.api;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

/**
 * Closes endpoints that forgot to say who may use them: a resource method with none of
 * {@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll} (on the method or its class) needs
 * a valid key of any role. Public endpoints say {@code @PermitAll}.
 */
final class AuthenticatedByDefault implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    Class<?> type = resource.getResourceClass();
    if (declaresAccess(method) || declaresAccess(type)) {
      return;
    }
    context.register(new RequireKey());
  }

  static boolean declaresAccess(AnnotatedElement element) {
    return element != null
        && (element.isAnnotationPresent(RolesAllowed.class)
            || element.isAnnotationPresent(PermitAll.class)
            || element.isAnnotationPresent(DenyAll.class));
  }

  @Priority(Priorities.AUTHORIZATION)
  private static final class RequireKey implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      if (request.getSecurityContext().getUserPrincipal() == null) {
        throw new NotAuthorizedException("Bearer realm=\"tailor\"");
      }
    }
  }
}
