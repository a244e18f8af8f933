package org.tailor.server.mqtt;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's door for terminals' identify requests: while the broker already holds more
 * than {@link #MAX_QUEUED_BYTES} of queued messages, a new identify is refused with {@code
 * QUOTA_EXCEEDED} (the terminal learns at once that the server is busy) instead of queued.
 * Redemptions, shown and status messages always pass: they must not be lost.
 *
 * <p>Why: HiveMQ CE takes each delivered message off a shared subscription's in-memory queue by
 * walking the whole queue ({@code ClientQueueMemoryLocalPersistence.removeShared}), so the cost of
 * a delivery grows with the backlog. Under an overload the identify queue grew towards its limit of
 * {@value EmbeddedMqttBroker#MAX_QUEUED_MESSAGES}, the broker's event loops spent three quarters of
 * the process's CPU walking it (JFR), and the server answered a quarter of what it answers
 * unloaded. Bounding the backlog keeps a delivery's cost bounded.
 */
final class IdentifyAdmission implements PublishInboundInterceptor {

  /**
   * The queued messages' size (HiveMQ's own estimate) above which identifies are refused: about a
   * thousand identifies, half a second of the server's work on two cores.
   */
  static final long MAX_QUEUED_BYTES = 1L << 20;

  /** HiveMQ's gauge of the bytes its in-memory queues hold. */
  static final String QUEUED_BYTES_METRIC =
      "com.hivemq.persistence.queued-messages.in-memory.total-size";

  private static final Logger LOG = LoggerFactory.getLogger(IdentifyAdmission.class);

  private final LongSupplier queuedBytes;
  private final long maxQueuedBytes;
  private final AtomicLong refused = new AtomicLong();

  IdentifyAdmission(LongSupplier queuedBytes, long maxQueuedBytes) {
    this.queuedBytes = queuedBytes;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Reads the queued bytes from HiveMQ's gauge; 0 (admit everything) while it is not there. */
  static LongSupplier gauge(com.codahale.metrics.MetricRegistry registry) {
    return () -> {
      Metric metric = registry.getMetrics().get(QUEUED_BYTES_METRIC);
      if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number bytes) {
        return bytes.longValue();
      }
      return 0;
    };
  }

  /** Whether a message on {@code topic} is a terminal's identify request. */
  static boolean isIdentify(String topic) {
    return topic.startsWith("tailor/") && topic.endsWith("/identify");
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (!isIdentify(topic)) {
      return;
    }
    long queued = queuedBytes.getAsLong();
    if (queued <= maxQueuedBytes) {
      return;
    }
    output.preventPublishDelivery(
        AckReasonCode.QUOTA_EXCEEDED, "the server is busy: ask again in a moment");
    long count = refused.incrementAndGet();
    if (Long.bitCount(count) == 1) {
      LOG.warn(
          "the embedded broker holds {} bytes of queued messages (limit {}): {} identify"
              + " request(s) refused as busy so far (latest on {})",
          queued,
          maxQueuedBytes,
          count,
          topic);
    }
  }
}
