package org.tailor.server.plugins;

import java.util.List;
import java.util.Objects;

/**
 * One setting of a plugin, as its OSGi Metatype attribute definition describes it (OSGi Compendium
 * 105, {@code AttributeDefinition}), so that admin pages can render and validate it.
 *
 * @param id the key in the {@code <pid>.cfg} file
 * @param name a short label
 * @param description what it does, or empty
 * @param type {@code string}, {@code long}, {@code integer}, {@code short}, {@code char}, {@code
 *     byte}, {@code double}, {@code float}, {@code boolean} or {@code password}
 * @param cardinality 0 for a single value, n &gt; 0 for an array of at most n, n &lt; 0 for a list
 *     of at most -n ({@link Integer#MAX_VALUE} for unbounded)
 * @param defaultValue the default values, empty when there is none
 * @param options the allowed values, empty when any value of the type is allowed
 */
public record PluginSetting(
    String id,
    String name,
    String description,
    String type,
    int cardinality,
    List<String> defaultValue,
    List<SettingOption> options) {

  public PluginSetting {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(type, "type");
    defaultValue = List.copyOf(defaultValue);
    options = List.copyOf(options);
  }
}
