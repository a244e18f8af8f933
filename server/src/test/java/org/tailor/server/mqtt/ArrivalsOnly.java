package org.tailor.server.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 callback for a test's client that only minds what arrives: every other event is
 * ignored unless the test overrides it.
 */
@FunctionalInterface
interface ArrivalsOnly extends MqttCallback {

  @Override
  default void disconnected(MqttDisconnectResponse response) {}

  @Override
  default void mqttErrorOccurred(MqttException exception) {}

  @Override
  default void deliveryComplete(IMqttToken token) {}

  @Override
  default void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  default void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
