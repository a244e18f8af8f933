package org.tailor.server.plugins.testbundles.activatorfails;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Test plugin whose bundle activator throws when the bundle starts. */
public class FailingActivator implements BundleActivator {

  @Override
  public void start(BundleContext context) {
    throw new IllegalStateException("licence key rejected");
  }

  @Override
  public void stop(BundleContext context) {}
}
