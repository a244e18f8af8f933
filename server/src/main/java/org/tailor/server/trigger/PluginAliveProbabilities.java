package org.tailor.server.trigger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.tailor.server.plugins.PluginHost;

/**
 * P(alive) from the lifetime-value model a plugin offers (the value plugin's BG/NBD), looked up at
 * each question, so a plugin installed, updated or removed while the server runs is followed. While
 * no such plugin runs, or the host is stopped, there is no model and nobody is known to have
 * lapsed.
 */
public final class PluginAliveProbabilities implements AliveProbabilities {

  private final PluginHost plugins;

  public PluginAliveProbabilities(PluginHost plugins) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
  }

  @Override
  public OptionalDouble probabilityAlive(String loyaltyId, Instant at) {
    try {
      return plugins.lifetimeModels().probabilityAlive(loyaltyId, at);
    } catch (IllegalStateException stopped) {
      return OptionalDouble.empty(); // the host is not running
    }
  }

  @Override
  public Optional<String> model() {
    try {
      return plugins.lifetimeModels().active();
    } catch (IllegalStateException stopped) {
      return Optional.empty(); // the host is not running
    }
  }
}
