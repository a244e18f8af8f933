package org.tailor.server.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins that ship inside the server (the kiosk channel, the scoring plugins, and the email,
 * webhook and receipt channels, which stay inactive until their {@code config/plugins/<pid>.cfg}
 * exists), installed at every start from the class-path resources {@code
 * bundles/plugins/<name>.jar} that the build copies there, as the runtime bundles are (see {@code
 * docs/decisions/0003-osgi-plugin-host.md}). They are plugins like any other (started, isolated and
 * reported by the host) except that they do not come from the plugins folder: setting {@code
 * tailor.plugins.bundled} empty leaves them out, for instance to run another version dropped into
 * the folder instead.
 */
final class BundledPlugins {

  /** Setting: comma-separated names of the bundled plugins to install. */
  static final String SETTING = "tailor.plugins.bundled";

  /** Every plugin the server ships. */
  static final String DEFAULT =
      "channel-kiosk,scoring-rules,scoring-value,scoring-history,scoring-bandit,"
          + "channel-email,channel-webhook,channel-receipt";

  /** The prefix of their bundle locations. */
  static final String LOCATION_PREFIX = "tailor:bundled/";

  private static final Logger LOG = LoggerFactory.getLogger(BundledPlugins.class);

  private BundledPlugins() {}

  /**
   * Installs the named bundled plugins (not started: {@link PluginLifecycle} starts them with the
   * others). One that is missing or cannot be installed is logged and left out; the host goes on.
   */
  static List<Bundle> install(BundleContext context, List<String> names) {
    List<Bundle> installed = new ArrayList<>();
    for (String name : names) {
      String resource = "/bundles/plugins/" + name + ".jar";
      try (InputStream in = BundledPlugins.class.getResourceAsStream(resource)) {
        if (in == null) {
          LOG.error(
              "bundled plugin {} is not in this server (no resource {}); known: {}",
              name,
              resource.substring(1),
              DEFAULT);
          continue;
        }
        installed.add(context.installBundle(LOCATION_PREFIX + name, in));
      } catch (IOException | BundleException e) {
        LOG.error("bundled plugin {} could not be installed: {}", name, PluginError.describe(e), e);
      }
    }
    return List.copyOf(installed);
  }
}
