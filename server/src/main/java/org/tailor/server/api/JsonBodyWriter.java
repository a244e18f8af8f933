package org.tailor.server.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Writes response entities as JSON with JSON-B (Yasson). The one JSON convention of the API:
 * members with no value are left out (never {@code "x": null}; an empty {@code Optional} is left
 * out too), members in alphabetical order unless a type says otherwise with
 * {@code @JsonbPropertyOrder}, dates and times are ISO-8601 text ({@code "2024-05-01"}, {@code
 * "2024-05-01T09:30:00Z"}), numbers are JSON numbers, enums their constant names.
 */
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
final class JsonBodyWriter implements MessageBodyWriter<Object> {

  private final Jsonb jsonb;

  JsonBodyWriter(Jsonb jsonb) {
    this.jsonb = jsonb;
  }

  /** The JSON-B instance of the API, configured as described above. */
  static Jsonb newJsonb() {
    return JsonbBuilder.create(
        new JsonbConfig()
            .withNullValues(false)
            .withFormatting(false)
            .withEncoding(StandardCharsets.UTF_8.name()));
  }

  static boolean isJson(MediaType mediaType) {
    if (mediaType == null) {
      return false;
    }
    String subtype = mediaType.getSubtype();
    return ("application".equals(mediaType.getType()) || "text".equals(mediaType.getType()))
            && ("json".equals(subtype) || subtype.endsWith("+json"))
        || mediaType.isWildcardType() && mediaType.isWildcardSubtype();
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return isJson(mediaType)
        && !JsonBodyReader.isRaw(type)
        && !StreamingOutput.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(
      Object entity,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> httpHeaders,
      OutputStream entityStream)
      throws IOException {
    jsonb.toJson(entity, genericType, entityStream);
  }
}
