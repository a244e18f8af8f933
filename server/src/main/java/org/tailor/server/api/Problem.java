package org.tailor.server.api;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tailor.server.i18n.Message;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance}, then extension members such as {@code field},
 * {@code value}, {@code expected} and {@code errorId}. The title and detail are in the request's
 * language; {@code type} is a relative URI {@code /problems/<kind>} that names the kind of problem
 * and does not change with the language.
 */
final class Problem {

  static final String MEDIA_TYPE = "application/problem+json";

  private final int status;
  private final String kind;
  private final Locale locale;
  private String detail;
  private String instance;
  private final Map<String, Object> extensions = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Problem(int status, String kind, Locale locale) {
    this.status = status;
    this.kind = kind;
    this.locale = locale;
  }

  /**
   * @param kind the problem type's last path segment; its title is key {@code problem.<kind>} of
   *     bundle {@code api}
   */
  static Problem of(int status, String kind, Locale locale) {
    return new Problem(status, kind, locale);
  }

  Problem detail(Message message) {
    this.detail = message.in(locale);
    return this;
  }

  Problem detail(String text) {
    this.detail = text;
    return this;
  }

  Problem instance(String path) {
    this.instance = path;
    return this;
  }

  /** Adds an extension member; {@code null} values are left out. */
  Problem with(String name, Object value) {
    if (value != null) {
      extensions.put(name, value);
    }
    return this;
  }

  Problem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  String kind() {
    return kind;
  }

  String toJson() {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("type", "/problems/" + kind)
            .add("title", Message.of("api", "problem." + kind).in(locale))
            .add("status", status);
    if (detail != null) {
      json.add("detail", detail);
    }
    if (instance != null) {
      json.add("instance", instance);
    }
    extensions.forEach(
        (name, value) -> {
          if (value instanceof Long number) {
            json.add(name, number);
          } else if (value instanceof Integer number) {
            json.add(name, number);
          } else {
            json.add(name, String.valueOf(value));
          }
        });
    return json.build().toString();
  }

  Response toResponse() {
    Response.ResponseBuilder response =
        Response.status(status)
            .type(MEDIA_TYPE + ";charset=UTF-8")
            .entity(toJson())
            .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
            .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
            .header(HttpHeaders.CACHE_CONTROL, "no-store");
    headers.forEach(response::header);
    return response.build();
  }
}
