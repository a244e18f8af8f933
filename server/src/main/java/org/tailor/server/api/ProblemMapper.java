package org.tailor.server.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.server.access.Caller;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.ConflictException;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * Turns every exception that leaves a resource, filter or body reader into an RFC 9457 problem in
 * the caller's language: bad input 400 (naming field, value and what was expected), unknown ids and
 * paths 404, missing or bad keys 401, wrong role 403, 405, 406, 413, 415, and anything else 500
 * with an error id that is logged with the stack trace (which never reaches the client).
 */
final class ProblemMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  @Context private HttpHeaders headers;
  @Context private UriInfo uriInfo;
  @Context private SecurityContext security;
  @Context private Request request;
  @Context private ResourceInfo resourceInfo;

  @Override
  public Response toResponse(Throwable thrown) {
    if (thrown instanceof WebApplicationException web && web.getResponse().hasEntity()) {
      return web.getResponse(); // a response the resource built on purpose
    }
    Locale locale = RequestLanguage.choose(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    String path = uriInfo.getRequestUri().getRawPath();
    Problem problem;
    try {
      problem = problem(thrown, locale, path).instance(path);
      problem.toJson(); // renders every message now, so a missing translation key fails here
    } catch (RuntimeException failure) {
      thrown.addSuppressed(failure);
      problem = Problem.of(500, "internal-error", locale).instance(path);
    }
    if (problem.status() >= 500) {
      String errorId = UUID.randomUUID().toString();
      LOG.error("error {} on {} {}", errorId, request.getMethod(), path, thrown);
      problem.detail(Message.of("api", "detail.internal.error", errorId)).with("errorId", errorId);
    } else {
      LOG.debug("{} {} -> {} {}", request.getMethod(), path, problem.status(), thrown.toString());
    }
    return problem.toResponse();
  }

  private Problem problem(Throwable thrown, Locale locale, String path) {
    Optional<InvalidInputException> invalid = cause(thrown, InvalidInputException.class);
    if (invalid.isPresent()) {
      return invalidInput(invalid.get(), locale);
    }
    Optional<MalformedJsonException> malformed = cause(thrown, MalformedJsonException.class);
    if (malformed.isPresent()) {
      return malformedJson(malformed.get(), locale);
    }
    Optional<BodyTooLargeException> tooLarge = cause(thrown, BodyTooLargeException.class);
    if (tooLarge.isPresent()) {
      long limit = tooLarge.get().limitBytes();
      return Problem.of(413, "body-too-large", locale)
          .detail(Message.of("api", "detail.body.too.large", Long.toString(limit)))
          .with("limitBytes", limit)
          .header("Connection", "close");
    }
    if (thrown instanceof NotFoundException notFound) {
      return Problem.of(404, "not-found", locale).detail(notFound.describe(locale));
    }
    if (thrown instanceof ConflictException conflict) {
      return Problem.of(409, "conflict", locale).detail(conflict.describe(locale));
    }
    if (thrown instanceof UnbindableBodyException unbindable) {
      return Problem.of(400, "invalid-input", locale)
          .detail(Message.of("api", "detail.unbindable", unbindable.getMessage()));
    }
    if (thrown instanceof ParamException param) {
      return parameter(param, locale, path);
    }
    if (thrown instanceof WebApplicationException web) {
      return web(web, locale, path);
    }
    return Problem.of(500, "internal-error", locale);
  }

  private static Problem invalidInput(InvalidInputException invalid, Locale locale) {
    return Problem.of(400, "invalid-input", locale)
        .detail(invalid.describe(locale))
        .with("field", invalid.field())
        .with("value", invalid.value())
        .with("expected", invalid.expected().in(locale));
  }

  private static Problem malformedJson(MalformedJsonException malformed, Locale locale) {
    Problem problem = Problem.of(400, "malformed-json", locale);
    long line = malformed.line().orElse(0L);
    long column = malformed.column().orElse(0L);
    Optional<String> field = malformed.field();
    if (line > 0 && field.isPresent()) {
      problem.detail(
          Message.of(
              "api",
              "detail.malformed.json.field",
              Long.toString(line),
              Long.toString(column),
              field.get()));
    } else if (line > 0) {
      problem.detail(
          Message.of(
              "api", "detail.malformed.json.at", Long.toString(line), Long.toString(column)));
    } else {
      problem.detail(Message.of("api", "detail.malformed.json"));
    }
    return problem
        .with("line", line > 0 ? line : null)
        .with("column", column > 0 ? column : null)
        .with("field", field.orElse(null));
  }

  /** A query, header, form or cookie parameter that did not convert to the method's type. */
  private Problem parameter(ParamException param, Locale locale, String path) {
    Class<? extends Annotation> kind = param.getParameterType();
    if (kind == PathParam.class) {
      return Problem.of(404, "not-found", locale)
          .detail(Message.of("api", "detail.no.resource", path));
    }
    String name = param.getParameterName();
    String value = rawParameter(kind, name).orElse("");
    Message expected =
        parameterType(kind, name)
            .map(JsonShape::expected)
            .orElse(Message.of("api", "expected.valid.parameter"));
    return invalidInput(new InvalidInputException(name, value, expected), locale);
  }

  private Optional<String> rawParameter(Class<? extends Annotation> kind, String name) {
    if (kind == QueryParam.class) {
      return Optional.ofNullable(uriInfo.getQueryParameters().getFirst(name));
    }
    if (kind == HeaderParam.class) {
      return Optional.ofNullable(headers.getHeaderString(name));
    }
    if (kind == CookieParam.class && headers.getCookies().containsKey(name)) {
      return Optional.of(headers.getCookies().get(name).getValue());
    }
    return Optional.empty();
  }

  private Optional<Class<?>> parameterType(Class<? extends Annotation> kind, String name) {
    Method method = resourceInfo.getResourceMethod();
    if (method == null) {
      return Optional.empty();
    }
    for (Parameter parameter : method.getParameters()) {
      Annotation annotation = parameter.getAnnotation(kind);
      if (annotation != null && name.equals(parameterName(annotation))) {
        Class<?> type = parameter.getType();
        if (List.class.isAssignableFrom(type) || Optional.class == type) {
          return Optional.empty();
        }
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static String parameterName(Annotation annotation) {
    if (annotation instanceof QueryParam q) {
      return q.value();
    }
    if (annotation instanceof HeaderParam h) {
      return h.value();
    }
    if (annotation instanceof FormParam f) {
      return f.value();
    }
    if (annotation instanceof CookieParam c) {
      return c.value();
    }
    if (annotation instanceof MatrixParam m) {
      return m.value();
    }
    return "";
  }

  private Problem web(WebApplicationException web, Locale locale, String path) {
    Response response = web.getResponse();
    int status = response.getStatus();
    String method = request.getMethod();
    return switch (status) {
      case 400 -> Problem.of(400, "bad-request", locale).detail(ownMessage(web, locale));
      case 401 -> unauthenticated(locale);
      case 403 ->
          security.getUserPrincipal() == null
              ? unauthenticated(locale)
              : Problem.of(403, "forbidden", locale)
                  .detail(
                      Message.of(
                          "api",
                          "detail.forbidden",
                          security.getUserPrincipal().getName(),
                          callerRole(),
                          allowedRoles()));
      case 404 ->
          Problem.of(404, "not-found", locale)
              .detail(Message.of("api", "detail.no.resource", path));
      case 405 -> {
        String allowed = String.join(", ", allowedMethods(web));
        yield Problem.of(405, "method-not-allowed", locale)
            .detail(Message.of("api", "detail.method.not.allowed", method, path, allowed))
            .header(HttpHeaders.ALLOW, allowed);
      }
      case 406 ->
          Problem.of(406, "not-acceptable", locale)
              .detail(
                  Message.of(
                      "api",
                      "detail.not.acceptable",
                      Optional.ofNullable(headers.getHeaderString(HttpHeaders.ACCEPT)).orElse(""),
                      path));
      case 413 -> Problem.of(413, "body-too-large", locale).detail(ownMessage(web, locale));
      case 415 ->
          Problem.of(415, "unsupported-media-type", locale)
              .detail(
                  Message.of(
                      "api",
                      "detail.unsupported.media.type",
                      Optional.ofNullable(headers.getHeaderString(HttpHeaders.CONTENT_TYPE))
                          .orElse("-"),
                      path));
      default -> {
        if (status >= 500) {
          yield Problem.of(status, "internal-error", locale);
        }
        yield Problem.of(status, "request-refused", locale).detail(ownMessage(web, locale));
      }
    };
  }

  /** 401 with the header that tells clients how to authenticate (RFC 6750). */
  private Problem unauthenticated(Locale locale) {
    boolean presented =
        headers.getHeaderString(ApiKeyAuthentication.API_KEY_HEADER) != null
            || Optional.ofNullable(headers.getHeaderString(HttpHeaders.AUTHORIZATION))
                .map(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .orElse(false);
    return Problem.of(401, "unauthorized", locale)
        .detail(
            Message.of(
                "api",
                presented ? "detail.unauthorized.invalid.key" : "detail.unauthorized.no.key"))
        .header(
            HttpHeaders.WWW_AUTHENTICATE,
            presented
                ? "Bearer realm=\"tailor\", error=\"invalid_token\""
                : "Bearer realm=\"tailor\"");
  }

  private String callerRole() {
    return security.getUserPrincipal() instanceof Caller caller ? caller.role().id() : "-";
  }

  private String allowedRoles() {
    Method method = resourceInfo.getResourceMethod();
    Class<?> type = resourceInfo.getResourceClass();
    RolesAllowed roles = null;
    if (method != null) {
      roles = method.getAnnotation(RolesAllowed.class);
    }
    if (roles == null && type != null) {
      roles = type.getAnnotation(RolesAllowed.class);
    }
    return roles == null ? "-" : String.join(", ", roles.value());
  }

  private static List<String> allowedMethods(WebApplicationException web) {
    if (web instanceof NotAllowedException) {
      return web.getResponse().getAllowedMethods().stream().sorted().collect(Collectors.toList());
    }
    return List.of();
  }

  /** A message a resource gave its exception on purpose, or the generic text for the status. */
  private static String ownMessage(WebApplicationException web, Locale locale) {
    String message = web.getMessage();
    int status = web.getResponse().getStatus();
    if (message == null || message.startsWith("HTTP " + status)) {
      return Message.of("api", "detail.http", Integer.toString(status)).in(locale);
    }
    return message;
  }

  private static <T extends Throwable> Optional<T> cause(Throwable thrown, Class<T> type) {
    int depth = 0;
    for (Throwable t = thrown; t != null && depth < 20; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
