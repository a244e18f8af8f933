package org.tailor.server.plugins;

import org.osgi.framework.ServiceReference;

/**
 * A plugin service the host holds, with what it needs to report on it.
 *
 * @param id the scoring plugin id or the channel, asked once when the service appeared
 * @param bundleId the providing bundle
 * @param bundleName the providing bundle's symbolic name
 * @param reference the service's reference, for ordering by ranking
 * @param service the service object
 */
record TrackedPlugin<T>(
    String id, long bundleId, String bundleName, ServiceReference<T> reference, T service) {}
