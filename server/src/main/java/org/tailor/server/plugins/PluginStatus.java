package org.tailor.server.plugins;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host knows about one plugin bundle: what it is, where it stands, what it provides and
 * what last went wrong. Served at {@code GET /api/v1/plugins}. A jar in the plugins folder that is
 * not an OSGi bundle is listed too, with bundle id -1, state {@link PluginState#FAILED} and an
 * {@link PluginErrorKind#INSTALL} error saying why.
 *
 * @param bundleId the framework's id of the bundle, changed when the jar is removed and added
 *     again; -1 for a jar that could not be installed
 * @param symbolicName the bundle's symbolic name, or empty when its manifest has none
 * @param version the bundle version
 * @param state where it stands
 * @param location the jar file it was installed from
 * @param components the Declarative Services components it declares
 * @param scoringPlugins the ids of the scoring plugins it provides
 * @param warmingUp those of its scoring plugins still preparing their first model, with what each
 *     waits for ({@link org.tailor.plugin.ScoringPlugin#warmingUp()}); until then they score from a
 *     cold-start fallback
 * @param channels the channels its channel plugins serve
 * @param settings the settings it accepts, from its OSGi Metatype descriptions
 * @param lastError the last failure: resolution, start, or a call into one of its services
 * @param failedCalls how many calls into its services threw since it was installed or updated
 */
public record PluginStatus(
    long bundleId,
    String symbolicName,
    String version,
    PluginState state,
    String location,
    List<ComponentStatus> components,
    List<String> scoringPlugins,
    List<WarmingUpPlugin> warmingUp,
    List<String> channels,
    List<PluginSettings> settings,
    Optional<PluginError> lastError,
    long failedCalls) {

  public PluginStatus {
    Objects.requireNonNull(symbolicName, "symbolicName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(location, "location");
    components = List.copyOf(components);
    scoringPlugins = List.copyOf(scoringPlugins);
    warmingUp = List.copyOf(warmingUp);
    channels = List.copyOf(channels);
    settings = List.copyOf(settings);
    Objects.requireNonNull(lastError, "lastError");
  }
}
