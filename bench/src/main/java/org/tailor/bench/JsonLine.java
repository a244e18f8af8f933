package org.tailor.bench;

import java.util.Locale;

/**
 * One benchmark result as one line of JSON on standard output, fields in the order added, so that
 * results can be collected with {@code grep '^{'} and read by any JSON tool.
 */
public final class JsonLine {

  private final StringBuilder text = new StringBuilder("{");

  private JsonLine(String benchmark) {
    add("benchmark", benchmark);
  }

  public static JsonLine of(String benchmark) {
    return new JsonLine(benchmark);
  }

  public JsonLine add(String name, String value) {
    key(name);
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        default -> {
          if (c < 0x20) {
            text.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append('"');
    return this;
  }

  public JsonLine add(String name, long value) {
    key(name);
    text.append(value);
    return this;
  }

  public JsonLine add(String name, boolean value) {
    key(name);
    text.append(value);
    return this;
  }

  /** A decimal with {@code decimals} digits after the point. */
  public JsonLine add(String name, double value, int decimals) {
    key(name);
    text.append(String.format(Locale.ROOT, "%." + decimals + "f", value));
    return this;
  }

  private void key(String name) {
    if (text.length() > 1) {
      text.append(',');
    }
    text.append('"').append(name).append("\":");
  }

  /** Prints the line on standard output at once (flushing, so a log shows it as it happens). */
  public void print() {
    System.out.println(text + "}");
    System.out.flush();
  }

  @Override
  public String toString() {
    return text + "}";
  }
}
