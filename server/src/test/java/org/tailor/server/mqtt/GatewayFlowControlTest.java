package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.host.MqttOutgoing;

/**
 * A backlog larger than the gateway's handler queue, against the machine's Mosquitto. The overflow
 * used to run on Paho's callback thread, whose reply waited for acknowledgements that Paho's
 * receiving thread could not read while it waited for the callback thread: the server answered a
 * few messages per second and replies failed with "Too many publishes in progress". QoS 0 overflow
 * is now shed and counted instead; QoS 1/2 overflow cannot happen, because the gateway tells the
 * broker a receive maximum its queue holds on its own (both tests failed before).
 */
class GatewayFlowControlTest {

  private static final String HOST = "127.0.0.1";
  private static final int PORT = 1883;
  private static final int REQUESTS = 3_000;

  /**
   * 1,800 QoS 1 requests at once: more than the old handler queue (8 + 1,000), fewer than the
   * receive maximum (1,000) plus what Mosquitto queues for a client by default (max_queued_messages
   * 1,000, beyond which it drops), so every one must be answered. Before the fix 47 of them failed
   * and the rest trickled in.
   */
  @Test
  void aQos1BacklogBeyondTheHandlerQueueIsAnsweredInFull() throws Exception {
    Outcome outcome = flood(1, 1_800);
    assertThat(outcome.failedReplies()).as("replies the gateway failed to publish").isZero();
    assertThat(outcome.shed()).as("QoS 1 messages shed").isZero();
    assertThat(outcome.answered()).as("requests answered").isEqualTo(1_800);
  }

  @Test
  void aQos0BacklogIsAnsweredOrShedNeverStalled() throws Exception {
    Outcome outcome = flood(0, REQUESTS);
    assertThat(outcome.failedReplies()).as("replies the gateway failed to publish").isZero();
    assertThat(outcome.answered() + outcome.shed())
        .as("answered (%d) and shed (%d)", outcome.answered(), outcome.shed())
        .isEqualTo(REQUESTS);
    assertThat(outcome.answered()).as("requests answered").isPositive();
  }

  record Outcome(int answered, long shed, int failedReplies) {}

  private Outcome flood(int qos, int requestCount) throws Exception {
    assumeTrue(
        KioskOverMosquittoTest.isListening(HOST, PORT),
        "no MQTT broker on " + HOST + ":" + PORT + ": the gateway flow-control test is skipped");
    String run = UUID.randomUUID().toString().substring(0, 8);
    String requests = "tailor-test/" + run + "/requests";
    String replies = "tailor-test/" + run + "/replies";
    MqttSettings settings =
        new MqttSettings(
            MqttSettings.Broker.EXTERNAL,
            "tcp://" + HOST + ":" + PORT,
            HOST,
            PORT,
            "tailor-test",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "tailor-test-" + run,
            1,
            MqttSettings.DEFAULT_CONNECTIONS,
            "tailor-server-" + run);
    AtomicInteger failedReplies = new AtomicInteger();
    Set<String> answered = ConcurrentHashMap.newKeySet();
    CountDownLatch allAnswered = new CountDownLatch(requestCount);
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings)) {
      gateway.subscribe(
          requests,
          true,
          1,
          incoming -> {
            try {
              Thread.sleep(1); // a handler that takes a moment, so that a backlog builds
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            try {
              gateway.publish(
                  new MqttOutgoing(
                      replies, incoming.payload(), 1, false, Optional.empty(), Optional.empty()));
            } catch (IllegalStateException e) {
              failedReplies.incrementAndGet();
            }
          });
      MqttAsyncClient terminal =
          new MqttAsyncClient(
              "tcp://" + HOST + ":" + PORT, "terminal-" + run, new MemoryPersistence());
      try {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        terminal.setCallback(
            new org.eclipse.paho.mqttv5.client.MqttCallback() {
              @Override
              public void disconnected(
                  org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

              @Override
              public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

              @Override
              public void messageArrived(String topic, MqttMessage message) {
                if (answered.add(new String(message.getPayload(), StandardCharsets.UTF_8))) {
                  allAnswered.countDown();
                }
              }

              @Override
              public void deliveryComplete(IMqttToken token) {}

              @Override
              public void connectComplete(boolean reconnect, String serverUri) {}

              @Override
              public void authPacketArrived(
                  int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
            });
        terminal.connect(options).waitForCompletion(10_000);
        terminal
            .subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription(replies, 0))
            .waitForCompletion(10_000);
        // The whole backlog reaches the broker at once, as thousands of terminals' requests would;
        // the handler (1 ms, one worker) cannot keep up, so it waits at the broker or the gateway.
        for (int i = 0; i < requestCount; i++) {
          MqttMessage request =
              new MqttMessage(("request-" + i).getBytes(StandardCharsets.UTF_8), qos, false, null);
          while (true) {
            try {
              terminal.publish(requests, request);
              break;
            } catch (org.eclipse.paho.mqttv5.common.MqttException windowFull) {
              Thread.sleep(1); // this test client's own window of unacknowledged QoS 1 messages
            }
          }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (answered.size() + gateway.shedCount() < requestCount
            && System.nanoTime() < deadline) {
          allAnswered.await(100, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(200); // a last reply in flight, so that none is counted as both
        return new Outcome(answered.size(), gateway.shedCount(), failedReplies.get());
      } finally {
        terminal.disconnect().waitForCompletion(10_000);
        terminal.close();
      }
    }
  }

  @Test
  void theReceiveMaximumIsWhatTheQueueHoldsOnItsOwn() {
    assertThat(PahoMqttGateway.receiveMaximum(1)).isEqualTo(1_000);
    assertThat(PahoMqttGateway.receiveMaximum(4) * 4).isEqualTo(1_000);
    assertThat(PahoMqttGateway.receiveMaximum(3) * 3).isLessThanOrEqualTo(1_000);
  }
}
