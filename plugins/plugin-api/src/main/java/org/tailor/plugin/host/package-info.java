/**
 * Services the Tailor host registers in the OSGi service registry for plugins to use: shopper
 * lookup, purchase history, the offer catalogue, decisions, decision logging and host
 * configuration. Plugins consume them (for example with {@code @Reference}); only the host
 * implements them.
 */
@Version("1.2.0")
@Export
package org.tailor.plugin.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
