package org.tailor.server.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.tailor.server.i18n.Message;

/**
 * The OSGi runtime bundles the host starts before any plugin: Felix Declarative Services,
 * Configuration Admin, Metatype and, last, FileInstall, which then installs the plugins. They ship
 * inside the server as class-path resources {@code bundles/<artifactId>.jar} (copied there by the
 * build), so the host finds them alike in the packaged server, in tests and in an IDE.
 */
final class RuntimeBundles {

  /** In start order; FileInstall last so that plugins meet a ready runtime. */
  static final List<String> ARTIFACTS =
      List.of(
          "org.apache.felix.scr",
          "org.apache.felix.configadmin",
          "org.apache.felix.metatype",
          "org.apache.felix.fileinstall");

  /** The prefix of their bundle locations, which tells them apart from plugins. */
  static final String LOCATION_PREFIX = "tailor:runtime/";

  private RuntimeBundles() {}

  /** Installs, resolves and starts the runtime bundles; fails if any of them cannot start. */
  static List<Bundle> start(BundleContext context) {
    List<Bundle> bundles = new ArrayList<>();
    for (String artifact : ARTIFACTS) {
      String resource = "/bundles/" + artifact + ".jar";
      try (InputStream in = RuntimeBundles.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new PluginHostException(
              Message.of("plugins", "plugins.runtime.missing", resource.substring(1)));
        }
        bundles.add(context.installBundle(LOCATION_PREFIX + artifact, in));
      } catch (IOException | BundleException e) {
        throw new PluginHostException(
            Message.of("plugins", "plugins.runtime.failed", artifact, PluginError.describe(e)), e);
      }
    }
    context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(bundles);
    for (Bundle bundle : bundles) {
      try {
        bundle.start();
      } catch (BundleException e) {
        throw new PluginHostException(
            Message.of(
                "plugins",
                "plugins.runtime.failed",
                bundle.getSymbolicName(),
                PluginError.describe(e)),
            e);
      }
    }
    return List.copyOf(bundles);
  }

  static boolean isRuntime(Bundle bundle) {
    return bundle.getBundleId() == 0 || bundle.getLocation().startsWith(LOCATION_PREFIX);
  }
}
