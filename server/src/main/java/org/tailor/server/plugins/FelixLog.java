package org.tailor.server.plugins;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the Felix framework's own log messages to slf4j instead of standard output. */
final class FelixLog extends org.apache.felix.framework.Logger {

  private static final Logger LOG = LoggerFactory.getLogger("org.tailor.server.plugins.felix");

  @Override
  @SuppressWarnings("rawtypes")
  protected void doLog(
      Bundle bundle, ServiceReference reference, int level, String message, Throwable failure) {
    String text = bundle == null ? message : PluginHost.nameOf(bundle) + ": " + message;
    switch (level) {
      case LOG_ERROR -> LOG.error(text, failure);
      case LOG_WARNING -> LOG.warn(text, failure);
      case LOG_INFO -> LOG.info(text, failure);
      default -> LOG.debug(text, failure);
    }
  }
}
