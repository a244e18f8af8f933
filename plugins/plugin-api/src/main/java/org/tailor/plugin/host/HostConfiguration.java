package org.tailor.plugin.host;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only facts about the host a plugin may need. A plugin's own settings come from OSGi
 * Configuration Admin under its PID (files {@code config/plugins/<pid>.cfg}).
 */
@ProviderType
public interface HostConfiguration {

  /** The chain's currency as an ISO 4217 code, such as {@code "EUR"}. */
  String currency();

  /** The language used when a shopper's own is not available, as a BCP 47 tag. */
  String defaultLanguage();

  /** A host setting by its key from {@code config/tailor.properties}, if set. */
  Optional<String> setting(String key);
}
