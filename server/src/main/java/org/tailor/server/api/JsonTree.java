package org.tailor.server.api;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Parses a request body into a JSON tree while keeping track of where it is, so that a syntax error
 * can be reported with its line, column and the field it is in ({@code lines[2].quantity}).
 */
final class JsonTree {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());

  private JsonTree() {}

  /** The document in {@code body}; throws {@link MalformedJsonException} if it is not JSON. */
  static JsonValue parse(byte[] body) {
    Deque<Frame> open = new ArrayDeque<>();
    JsonValue root = null;
    try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(body))) {
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        switch (event) {
          case START_OBJECT -> open.push(new Frame(PROVIDER.createObjectBuilder(), null));
          case START_ARRAY -> open.push(new Frame(null, PROVIDER.createArrayBuilder()));
          case KEY_NAME -> open.peek().key = parser.getString();
          case END_OBJECT -> root = add(open, open.pop().object.build());
          case END_ARRAY -> root = add(open, open.pop().array.build());
          case VALUE_STRING, VALUE_NUMBER -> root = add(open, parser.getValue());
          case VALUE_TRUE -> root = add(open, JsonValue.TRUE);
          case VALUE_FALSE -> root = add(open, JsonValue.FALSE);
          case VALUE_NULL -> root = add(open, JsonValue.NULL);
        }
      }
    } catch (JsonParsingException e) {
      JsonLocation at = e.getLocation();
      throw new MalformedJsonException(
          at == null ? -1 : at.getLineNumber(),
          at == null ? -1 : at.getColumnNumber(),
          path(open),
          e);
    } catch (JsonException e) {
      // Unreadable bytes (not UTF-8/16/32) or an I/O error while reading.
      throw new MalformedJsonException(-1, -1, path(open), e);
    }
    if (root == null) {
      throw new MalformedJsonException(-1, -1, "", new JsonException("no JSON value in body"));
    }
    return root;
  }

  /** Adds a finished value to the enclosing object or array; returns it when it is the root. */
  private static JsonValue add(Deque<Frame> open, JsonValue value) {
    Frame parent = open.peek();
    if (parent == null) {
      return value;
    }
    if (parent.object != null) {
      parent.object.add(parent.key, value);
    } else {
      parent.array.add(value);
      parent.index++;
    }
    return null;
  }

  /** The path to where the parser is, such as {@code customer.lines[2].quantity}. */
  private static String path(Deque<Frame> open) {
    StringBuilder path = new StringBuilder();
    for (Iterator<Frame> outermostFirst = open.descendingIterator(); outermostFirst.hasNext(); ) {
      Frame frame = outermostFirst.next();
      if (frame.object != null) {
        if (frame.key != null) {
          path.append(path.length() == 0 ? "" : ".").append(frame.key);
        }
      } else {
        path.append('[').append(frame.index).append(']');
      }
    }
    return path.toString();
  }

  /**
   * Joins a parent path and a member name: {@code ("", "a") -> "a"}, {@code ("a", "b") -> "a.b"}.
   */
  static String member(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** An object or array being read, with the member key or element index currently read. */
  private static final class Frame {
    final JsonObjectBuilder object;
    final JsonArrayBuilder array;
    String key;
    int index;

    Frame(JsonObjectBuilder object, JsonArrayBuilder array) {
      this.object = object;
      this.array = array;
    }
  }
}
