package org.tailor.plugin.host;

import org.osgi.annotation.versioning.ProviderType;

/** A subscription through the {@link MqttGateway}; closing it unsubscribes. */
@ProviderType
public interface MqttSubscription extends AutoCloseable {

  /** The filter as subscribed, such as {@code $share/tailor/tailor/+/stores/+/terminals/+/x}. */
  String filter();

  /** Unsubscribes; no handler call starts afterwards. Closing twice does nothing. */
  @Override
  void close();
}
