package org.tailor.server.api;

import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.file.Path;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * Reads JSON request bodies in three steps: parse (syntax errors name line, column and field),
 * check the shape against the target type ({@link JsonShape}: wrong types and missing primitives
 * name field, value and what was expected), then bind with JSON-B. An {@link InvalidInputException}
 * thrown by a record's constructor while binding reaches the client as is.
 */
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
final class JsonBodyReader implements MessageBodyReader<Object> {

  private final Jsonb jsonb;

  JsonBodyReader(Jsonb jsonb) {
    this.jsonb = jsonb;
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonBodyWriter.isJson(mediaType) && !isRaw(type);
  }

  static boolean isRaw(Class<?> type) {
    return type == String.class
        || type == byte[].class
        || type == char[].class
        || InputStream.class.isAssignableFrom(type)
        || Reader.class.isAssignableFrom(type)
        || type == File.class
        || Path.class.isAssignableFrom(type)
        || MultivaluedMap.class.isAssignableFrom(type);
  }

  @Override
  public Object readFrom(
      Class<Object> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException {
    byte[] body = entityStream.readAllBytes();
    if (isBlank(body)) {
      throw new InvalidInputException("body", null, Message.of("errors", "expected.json"));
    }
    JsonValue tree = JsonTree.parse(body);
    JsonShape.check(genericType, tree, "");
    if (JsonValue.class.isAssignableFrom(type)) {
      return tree;
    }
    try {
      return jsonb.fromJson(new ByteArrayInputStream(body), genericType);
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof InvalidInputException invalid) {
          throw located(invalid, genericType, tree);
        }
      }
      throw new UnbindableBodyException(e);
    }
  }

  /** The same refusal, naming the field by its path in the body ({@code address.street}). */
  private static InvalidInputException located(
      InvalidInputException invalid, Type genericType, JsonValue tree) {
    String path = JsonShape.locate(genericType, tree, invalid.field(), invalid.value());
    if (path.equals(invalid.field())) {
      return invalid;
    }
    InvalidInputException located =
        new InvalidInputException(path, invalid.value(), invalid.expected());
    located.initCause(invalid);
    return located;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
