package org.tailor.server.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.plugin.host.MqttSubscription;

/**
 * What both of the host's MQTT gateways do between a message arriving and its handler: the
 * subscriptions and their topic matching, the pool of worker threads that runs handlers, the
 * shedding of QoS 0 messages beyond {@value #QUEUE} waiting for a handler, the busy replies to shed
 * messages ({@link MqttHandler#onShed}) and the counters of what was shed. {@link PahoMqttGateway}
 * (a broker over TCP) and {@link EmbeddedMqttGateway} (the embedded broker, in process) differ only
 * in how a message arrives, how it is acknowledged and how a message is published.
 *
 * <p>A shed message whose subscriber answers shed messages is answered at once, and boundedly,
 * because shedding means the server is already overloaded: one thread asks the handler for the
 * reply and hands it to the gateway's {@link BusyReplySender}, with at most {@value
 * #BUSY_REPLIES_IN_FLIGHT} busy replies handed over and not yet written, and at most {@value
 * #BUSY_REPLY_QUEUE} shed messages wait for that thread; beyond that they are dropped unanswered
 * and counted ({@link #shedDroppedCount()}), and the terminal's agent falls back to its own
 * timeout.
 */
final class MqttDispatch {

  /** How a gateway publishes a busy reply without waiting for it to be written. */
  interface BusyReplySender {

    /** Whether a reply to {@code topic} could go now (the connection it would take is up). */
    boolean canSend(String topic);

    /**
     * Hands the reply over; {@code outcome} is told, on any thread, whether it was written.
     *
     * @throws RuntimeException when it cannot be handed over (outcome then not told)
     */
    void send(MqttOutgoing reply, Consumer<Boolean> outcome);
  }

  private static final Logger LOG = LoggerFactory.getLogger(MqttDispatch.class);

  /** QoS 0 messages waiting for a handler beyond which more are shed. */
  static final int QUEUE = 1_000;

  static final int BUSY_REPLY_QUEUE = 100;
  static final int BUSY_REPLIES_IN_FLIGHT = 100;
  static final long BUSY_REPLY_WAIT_MS = 10_000;

  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor busyReplies;
  private final BusyReplySender sender;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong shedAnswered = new AtomicLong();
  private final AtomicLong shedUnanswered = new AtomicLong();
  private final AtomicLong shedDropped = new AtomicLong();
  private final Semaphore busyRepliesInFlight = new Semaphore(BUSY_REPLIES_IN_FLIGHT);

  /**
   * One subscription: the filter as a broker would be sent it ({@code $share/<group>/...} when
   * shared), the filter messages are matched with.
   */
  final class Route implements MqttSubscription {
    final String subscribed;
    final String matching;
    final boolean shared;
    final int qos;
    final MqttHandler handler;
    final boolean answersShed;
    private final boolean matchedHere;
    private final Consumer<Route> lastClosed;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Route(
        String subscribed,
        String matching,
        boolean shared,
        int qos,
        MqttHandler handler,
        Consumer<Route> lastClosed) {
      this.subscribed = subscribed;
      this.matching = matching;
      this.shared = shared;
      this.qos = qos;
      this.handler = handler;
      this.answersShed = answersShed(handler);
      this.matchedHere = TopicFilters.handles(matching);
      this.lastClosed = lastClosed;
    }

    boolean matches(String topic) {
      return matchedHere
          ? TopicFilters.matches(matching, topic)
          : MqttTopicValidator.isMatched(matching, topic);
    }

    @Override
    public String filter() {
      return subscribed;
    }

    boolean isOpen() {
      return open.get();
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        routes.remove(this);
        boolean stillWanted = routes.stream().anyMatch(r -> r.subscribed.equals(subscribed));
        if (!stillWanted) {
          lastClosed.accept(this);
        }
      }
    }
  }

  /**
   * @param workers threads that run handlers
   * @param threadPrefix their names' prefix, such as {@code tailor-mqtt-}
   */
  MqttDispatch(int workers, String threadPrefix, BusyReplySender sender) {
    this.sender = Objects.requireNonNull(sender, "sender");
    AtomicInteger threads = new AtomicInteger();
    // Unbounded: QoS 1/2 messages are bounded by the gateway (a broker's window, or the
    // terminals'),
    // QoS 0 ones beyond QUEUE waiting are shed before they are queued.
    this.workers =
        new ThreadPoolExecutor(
            workers,
            workers,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> daemon(task, threadPrefix + threads.incrementAndGet()),
            new ThreadPoolExecutor.AbortPolicy());
    this.busyReplies =
        new ThreadPoolExecutor(
            1,
            1,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(BUSY_REPLY_QUEUE),
            task -> daemon(task, threadPrefix + "busy-replies"),
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Adds a subscription after checking it as {@link org.tailor.plugin.host.MqttGateway#subscribe}
   * promises; {@code lastClosed} is called when the last open subscription to its filter closes.
   */
  Route subscribe(
      String topicFilter,
      boolean shared,
      int qos,
      MqttHandler handler,
      String sharedGroup,
      Consumer<Route> lastClosed) {
    Objects.requireNonNull(topicFilter, "topicFilter");
    Objects.requireNonNull(handler, "handler");
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
    }
    if (topicFilter.startsWith("$share/")) {
      throw new IllegalArgumentException(
          "give the plain filter and shared = true, not " + topicFilter);
    }
    MqttTopicValidator.validate(topicFilter, true, true);
    String subscribed = shared ? "$share/" + sharedGroup + "/" + topicFilter : topicFilter;
    Route route = new Route(subscribed, topicFilter, shared, qos, handler, lastClosed);
    routes.add(route);
    return route;
  }

  /** The open subscriptions, in the order they were made. */
  List<Route> routes() {
    return routes;
  }

  /**
   * The open subscriptions {@code carried} whose filter the topic matches (usually one), with no
   * stream and no validation of the filters again per message.
   */
  List<Route> matching(String topic, Predicate<Route> carried) {
    Route first = null;
    List<Route> more = null;
    for (Route route : routes) {
      if (carried.test(route) && route.matches(topic)) {
        if (first == null) {
          first = route;
        } else {
          if (more == null) {
            more = new ArrayList<>(4);
            more.add(first);
          }
          more.add(route);
        }
      }
    }
    return more != null ? List.copyOf(more) : first != null ? List.of(first) : List.of();
  }

  /** Whether a QoS 0 message arriving now would be shed: {@value #QUEUE} or more wait. */
  boolean full() {
    return workers.getQueue().size() >= QUEUE;
  }

  /**
   * Hands a message received at {@code qos} to the handlers of {@code matching} ({@link
   * #dispatch}), or sheds it ({@link #shed}) when it is QoS 0 and {@link #full}: what both gateways
   * do with each message that matches a subscription.
   */
  void deliver(
      String topic, List<Route> matching, int qos, Supplier<MqttIncoming> message, Runnable done) {
    if (qos == 0 && full()) {
      shed(topic, matching, message);
      return;
    }
    dispatch(matching, message.get(), done);
  }

  /**
   * Runs the handlers of {@code matching} for a message on a worker thread, then {@code done} (the
   * acknowledgement). Returns false, without calling {@code done}, when the gateway is closing.
   */
  boolean dispatch(List<Route> matching, MqttIncoming incoming, Runnable done) {
    Runnable task =
        () -> {
          try {
            for (Route route : matching) {
              if (route.isOpen()) {
                handle(route, incoming);
              }
            }
          } finally {
            done.run();
          }
        };
    try {
      workers.execute(task);
      return true;
    } catch (RejectedExecutionException closing) {
      return false;
    }
  }

  /**
   * Sheds a QoS 0 message no handler can take now. When a subscriber answers shed messages, the
   * message waits for the busy-reply thread if there is room, else it is dropped and counted; this
   * runs on the broker's or client's thread, so it only counts and hands over.
   */
  void shed(String topic, List<Route> matching, Supplier<MqttIncoming> message) {
    long count = shed.incrementAndGet();
    if (Long.bitCount(count) == 1) {
      LOG.warn(
          "the MQTT handlers are behind: {} QoS 0 message(s) shed so far (latest on {}); {} answered"
              + " at once, {} dropped unanswered with the busy-reply queue full",
          count,
          topic,
          shedAnswered.get(),
          shedDropped.get());
    }
    List<Route> answering = matching.stream().filter(r -> r.answersShed).toList();
    if (answering.isEmpty()) {
      shedUnanswered.incrementAndGet();
      return;
    }
    MqttIncoming incoming = message.get();
    try {
      busyReplies.execute(() -> answerShed(answering, incoming));
    } catch (RejectedExecutionException full) {
      if (!closed.get()) {
        shedDropped.incrementAndGet();
      }
    }
  }

  /**
   * On the busy-reply thread: asks each subscriber for its reply and publishes it. Counted answered
   * or unanswered when the gateway has written it (or failed to).
   */
  private void answerShed(List<Route> matching, MqttIncoming incoming) {
    boolean sending = false;
    for (Route route : matching) {
      if (route.isOpen()) {
        sending |= busyReply(route, incoming).map(this::sendBusyReply).orElse(false);
      }
    }
    if (!sending) {
      shedUnanswered.incrementAndGet();
    }
  }

  private Optional<MqttOutgoing> busyReply(Route route, MqttIncoming incoming) {
    try {
      Optional<MqttOutgoing> reply = route.handler.onShed(incoming);
      return reply == null ? Optional.empty() : reply;
    } catch (RuntimeException | LinkageError e) {
      LOG.error(
          "the handler of {} failed to answer a shed message on {}; left unanswered",
          route.subscribed,
          incoming.topic(),
          e);
      return Optional.empty();
    }
  }

  /**
   * Hands a busy reply to the gateway, when fewer than {@value #BUSY_REPLIES_IN_FLIGHT} are handed
   * over and not yet written (QoS 0) or acknowledged (QoS 1), so that busy replies never pile up;
   * the busy-reply thread waits for room at most {@value #BUSY_REPLY_WAIT_MS} ms. A reply that
   * cannot go now is not kept: after an outage, or long behind, "busy" is no use to anyone. Returns
   * whether the reply was handed over (it is then counted when written or failed).
   */
  private boolean sendBusyReply(MqttOutgoing reply) {
    if (!sender.canSend(reply.topic())) {
      return false;
    }
    try {
      if (!busyRepliesInFlight.tryAcquire(BUSY_REPLY_WAIT_MS, TimeUnit.MILLISECONDS)) {
        logBusyReplyFailure(reply, "none of the previous busy replies was written meanwhile");
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      sender.send(reply, this::busyReplyOutcome);
      return true;
    } catch (RuntimeException e) {
      busyRepliesInFlight.release();
      logBusyReplyFailure(reply, e.toString());
      return false;
    }
  }

  /** Counts a busy reply written, or failed, and makes room for the next. */
  private void busyReplyOutcome(boolean written) {
    busyRepliesInFlight.release();
    (written ? shedAnswered : shedUnanswered).incrementAndGet();
  }

  private void logBusyReplyFailure(MqttOutgoing reply, String why) {
    long unanswered = shedUnanswered.get() + 1;
    if (Long.bitCount(unanswered) == 1) {
      LOG.warn(
          "a busy reply to {} could not be published ({} shed message(s) unanswered so far): {}",
          reply.topic(),
          unanswered,
          why);
    }
  }

  /**
   * Whether a handler answers shed messages: its class overrides {@link MqttHandler#onShed}. Asked
   * once per subscription, so that the shed messages of the others (a plugin built against an API
   * before 1.6, a lambda) are counted unanswered at once instead of queueing for the busy-reply
   * thread.
   */
  static boolean answersShed(MqttHandler handler) {
    try {
      return !handler.getClass().getMethod("onShed", MqttIncoming.class).isDefault();
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static void handle(Route route, MqttIncoming incoming) {
    try {
      route.handler.onMessage(incoming);
    } catch (RuntimeException | LinkageError e) {
      LOG.error(
          "the handler of {} failed on a message on {}; acknowledged anyway",
          route.subscribed,
          incoming.topic(),
          e);
    }
  }

  long shedCount() {
    return shed.get();
  }

  long shedAnsweredCount() {
    return shedAnswered.get();
  }

  long shedDroppedCount() {
    return shedDropped.get();
  }

  long shedUnansweredCount() {
    return shedUnanswered.get();
  }

  int messagesWaiting() {
    return workers.getQueue().size();
  }

  int busyRepliesWaiting() {
    return busyReplies.getQueue().size();
  }

  /** Stops the busy replies at once; handlers already queued still run ({@link #awaitWorkers}). */
  void closing() {
    closed.set(true);
    busyReplies.shutdownNow();
  }

  /** Waits up to ten seconds for the queued handlers, then interrupts them. */
  void awaitWorkers() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops everything at once (the gateway could not be made). */
  void abort() {
    closed.set(true);
    busyReplies.shutdownNow();
    workers.shutdownNow();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
