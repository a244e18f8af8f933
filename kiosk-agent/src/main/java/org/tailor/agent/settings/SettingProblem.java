package org.tailor.agent.settings;

import java.util.List;
import java.util.Objects;
import org.tailor.agent.i18n.Texts;

/**
 * One bad setting: its key, the value found ({@code null} when missing) and what was expected, as a
 * text key of the agent's bundle with its arguments.
 *
 * @param key the setting's key, such as {@code page.port}
 * @param value the value found, or {@code null} when the key is missing
 * @param expectation the text key saying what was expected, such as {@code expected.port}
 * @param arguments the expectation's arguments
 */
public record SettingProblem(String key, String value, String expectation, List<Object> arguments) {

  public SettingProblem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expectation, "expectation");
    arguments = List.copyOf(arguments);
  }

  /** The problem as one sentence in the reader's language. */
  public String describe(Texts texts) {
    String expected = texts.get(expectation, arguments.toArray());
    return value == null
        ? texts.get("settings.missing", key, expected)
        : texts.get("settings.invalid", key, shortened(value), expected);
  }

  private static String shortened(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
