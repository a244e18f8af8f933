/**
 * The contracts a Tailor plugin implements: {@link org.tailor.plugin.ChannelPlugin} delivers offers
 * to shoppers, {@link org.tailor.plugin.ScoringPlugin} scores candidate offers for a shopper in
 * context, {@link org.tailor.plugin.LifetimeModel} tells whether a shopper is probably still a
 * customer. Versioned with OSGi semantic versioning: a minor version adds, a major version breaks.
 */
@Version("1.5.0")
@Export
package org.tailor.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
