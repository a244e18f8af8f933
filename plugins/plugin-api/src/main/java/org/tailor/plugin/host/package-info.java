/**
 * Services the Tailor host registers in the OSGi service registry for plugins to use: shopper
 * lookup, purchase history (one shopper's, and the whole ledger), the offer catalogue, decisions,
 * decision logging, plugin state, the MQTT gateway, the terminal registry and host configuration.
 * Plugins consume them (for example with {@code @Reference}); only the host implements them. The
 * one exception is {@link org.tailor.plugin.host.DecisionListener}, which plugins implement and
 * register for the host to call (whiteboard pattern).
 */
@Version("1.6.0")
@Export
package org.tailor.plugin.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
