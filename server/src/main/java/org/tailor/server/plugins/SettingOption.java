package org.tailor.server.plugins;

import java.util.Objects;

/**
 * One allowed value of a plugin setting that offers a choice.
 *
 * @param label what a person sees
 * @param value what is stored
 */
public record SettingOption(String label, String value) {

  public SettingOption {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(value, "value");
  }
}
