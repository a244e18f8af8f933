package org.tailor.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;

/**
 * Simulated terminals that speak MQTT 5 by hand ({@link MqttWire}) over non-blocking sockets, all
 * served by {@code loops} event-loop threads: a terminal costs a socket and two small buffers, so
 * the load generator leaves the cores to the server it measures. Each terminal logs in with its own
 * credentials (a blocking handshake, from as many threads as the caller likes), subscribes to its
 * {@code offers} topic and then sends identifies — in a closed loop (the next as soon as the reply
 * came) or paced at a fixed rate ({@link Pacing}) — each carrying its intended send time as
 * correlation data, which the reply brings back: the round trip is measured from when the identify
 * was due, so a generator or server that falls behind shows as latency (no coordinated omission).
 */
final class NioTerminalFleet implements AutoCloseable {

  private final InetSocketAddress broker;
  private final List<Loop> loops = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final List<String> identifiers;
  private final Recorder recorder;
  private int registered;

  /**
   * @param identifiers the shoppers' identifiers asked for, in turn (one identify in five is for a
   *     newcomer nobody knows)
   * @param recorder where round trips are recorded, in microseconds
   */
  NioTerminalFleet(
      String host, int port, int loopThreads, List<String> identifiers, Recorder recorder)
      throws IOException {
    this.broker = new InetSocketAddress(host, port);
    this.identifiers = identifiers;
    this.recorder = recorder;
    for (int i = 0; i < loopThreads; i++) {
      loops.add(new Loop(Selector.open(), i));
    }
  }

  /**
   * Logs a terminal in and subscribes it to its offers; safe to call from several threads at once.
   *
   * @throws IOException when the login or the subscription is refused or fails
   */
  void connect(IssuedCredential credential, int seed) throws IOException {
    SocketChannel channel = SocketChannel.open(broker);
    try {
      channel.socket().setTcpNoDelay(true);
      String prefix =
          "tailor/v1/stores/"
              + credential.storeCode()
              + "/terminals/"
              + credential.terminalCode()
              + "/";
      DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
      write(
          channel,
          MqttWire.connect(
              credential.terminalCode() + "-bench",
              credential.username(),
              credential.secret(),
              true,
              0,
              0));
      ByteBuffer connack = MqttWire.read(in);
      if (MqttWire.type(connack) != MqttWire.CONNACK || MqttWire.connackReason(connack) != 0) {
        throw new IOException(
            "login refused (CONNACK reason code " + MqttWire.connackReason(connack) + ")");
      }
      write(channel, MqttWire.subscribe(1, prefix + "offers"));
      ByteBuffer suback = MqttWire.read(in);
      if (MqttWire.type(suback) != MqttWire.SUBACK || !MqttWire.subackGranted(suback, 1)) {
        throw new IOException("subscription to " + prefix + "offers refused");
      }
      channel.configureBlocking(false);
      Terminal terminal = new Terminal(channel, prefix, seed);
      Loop loop;
      synchronized (this) {
        loop = loops.get(registered++ % loops.size());
      }
      loop.adopt(terminal);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Starts the event loops.
   *
   * @param ratePerSecond identifies per second over the whole fleet, spread over its terminals; 0
   *     for a closed loop (each terminal sends its next as soon as it has its reply)
   * @param poisson arrivals as a Poisson process (exponential gaps) rather than evenly paced
   */
  void start(double ratePerSecond, boolean poisson) {
    running.set(true);
    for (Loop loop : loops) {
      loop.pacing =
          ratePerSecond > 0
              ? Optional.of(new Pacing(ratePerSecond / loops.size(), poisson, 17L + loop.number))
              : Optional.empty();
      Thread thread = new Thread(loop, "nio-terminals-" + loop.number);
      thread.setDaemon(true);
      loop.thread = thread;
      thread.start();
    }
  }

  /** Stops sending; replies still in flight are counted for {@code drainMillis}. */
  void stopSending(long drainMillis) throws InterruptedException {
    for (Loop loop : loops) {
      loop.sending = false;
    }
    long deadline = System.currentTimeMillis() + drainMillis;
    while (received.get() < sent.get() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  long sent() {
    return sent.get();
  }

  long received() {
    return received.get();
  }

  long errors() {
    return errors.get();
  }

  /** Replies with the error code busy (an identify the server shed), among {@link #received()}. */
  long busy() {
    return busy.get();
  }

  /** Connections the broker closed while the run went on. */
  long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    running.set(false);
    for (Loop loop : loops) {
      loop.selector.wakeup();
      if (loop.thread != null) {
        try {
          loop.thread.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (Terminal terminal : loop.terminals) {
        terminal.close();
      }
      for (Terminal terminal : loop.adopted) {
        terminal.close();
      }
      try {
        loop.selector.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static void write(SocketChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** When the identifies of an open loop are due: evenly paced or a Poisson process. */
  static final class Pacing {
    private final double meanGapNanos;
    private final boolean poisson;
    private final java.util.SplittableRandom random;
    private double next;

    Pacing(double ratePerSecond, boolean poisson, long seed) {
      this.meanGapNanos = 1e9 / ratePerSecond;
      this.poisson = poisson;
      this.random = new java.util.SplittableRandom(seed);
      this.next = System.nanoTime();
    }

    /** The time the next identify is due (System.nanoTime), and advances. */
    long next() {
      long due = (long) next;
      next += poisson ? -Math.log(1.0 - random.nextDouble()) * meanGapNanos : meanGapNanos;
      return due;
    }

    long peek() {
      return (long) next;
    }
  }

  /**
   * One terminal's socket, what it has read but not yet parsed, and what it could not yet write.
   */
  private final class Terminal {
    private final SocketChannel channel;
    private final String identifyTopic;
    private final String offersTopic;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long sequence;
    private int packetId;
    private SelectionKey key;

    Terminal(SocketChannel channel, String prefix, int seed) {
      this.channel = channel;
      this.identifyTopic = prefix + "identify";
      this.offersTopic = prefix + "offers";
      this.sequence = seed * 1_000_003L;
    }

    void identify(long dueNanos) {
      sequence++;
      // One in five shoppers is a newcomer the chain does not know.
      String identifier =
          sequence % 5 == 0
              ? "unknown-" + sequence
              : identifiers.get((int) (sequence % identifiers.size()));
      byte[] payload =
          ("{\"messageId\":\"b-"
                  + sequence
                  + "\",\"identifier\":{\"type\":\"loyalty\",\"value\":\""
                  + identifier
                  + "\"},\"maxOffers\":3,\"sentAt\":\""
                  + java.time.Instant.now()
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      packetId = packetId % 65_535 + 1;
      send(
          MqttWire.publish(
              identifyTopic, packetId, offersTopic, MqttWire.longBytes(dueNanos), payload));
      sent.incrementAndGet();
    }

    void send(byte[] bytes) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      try {
        if (pending.isEmpty()) {
          channel.write(buffer);
        }
        if (buffer.hasRemaining()) {
          pending.add(buffer);
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
      } catch (IOException e) {
        gone();
      }
    }

    void flush() throws IOException {
      while (!pending.isEmpty()) {
        ByteBuffer head = pending.peek();
        channel.write(head);
        if (head.hasRemaining()) {
          return;
        }
        pending.poll();
      }
      key.interestOps(SelectionKey.OP_READ);
    }

    /**
     * Reads what arrived: acknowledges and times each reply, and in a closed loop sends the next.
     */
    void read(Loop loop) throws IOException {
      int read = channel.read(in);
      if (read < 0) {
        gone();
        return;
      }
      in.flip();
      Optional<ByteBuffer> packet;
      while ((packet = MqttWire.next(in)).isPresent()) {
        if (MqttWire.type(packet.get()) == MqttWire.PUBLISH) {
          MqttWire.Received reply = MqttWire.publishOf(packet.get());
          long now = System.nanoTime();
          if (reply.packetId() != 0) {
            send(MqttWire.puback(reply.packetId()));
          }
          // a busy reply (the server shed the identify) is no identification: not timed
          boolean busyReply = contains(reply.payload(), BUSY);
          if (!busyReply
              && reply.correlation().isPresent()
              && reply.correlation().get().length == 8) {
            long due = ByteBuffer.wrap(reply.correlation().get()).getLong();
            recorder.recordValue(Math.max(1, (now - due) / 1000));
          }
          received.incrementAndGet();
          if (busyReply) {
            busy.incrementAndGet();
          } else if (contains(reply.payload(), ERROR)) {
            errors.incrementAndGet();
          }
          if (loop.pacing.isEmpty() && loop.sending) {
            identify(System.nanoTime());
          }
        } // PUBACKs of our identifies need nothing
      }
      in.compact();
    }

    void gone() {
      if (key != null && key.isValid()) {
        key.cancel();
        dropped.incrementAndGet();
      }
      close();
    }

    void close() {
      try {
        if (channel.isOpen()) {
          try {
            channel.write(ByteBuffer.wrap(MqttWire.disconnect()));
          } catch (IOException e) {
            // closing anyway
          }
          channel.close();
        }
      } catch (IOException e) {
        // already gone
      }
    }
  }

  private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BUSY = "\"code\":\"busy\"".getBytes(StandardCharsets.UTF_8);

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** One event-loop thread and its terminals. */
  private final class Loop implements Runnable {
    private final Selector selector;
    private final int number;
    private final List<Terminal> terminals = new ArrayList<>();
    private final Queue<Terminal> adopted = new ConcurrentLinkedQueue<>();
    private Optional<Pacing> pacing = Optional.empty();
    private volatile boolean sending = true;
    private Thread thread;
    private int nextTerminal;

    Loop(Selector selector, int number) {
      this.selector = selector;
      this.number = number;
    }

    void adopt(Terminal terminal) {
      adopted.add(terminal);
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        registerAdopted();
        if (pacing.isEmpty()) {
          terminals.forEach(t -> t.identify(System.nanoTime()));
        }
        while (running.get()) {
          long timeoutMillis = 100;
          if (pacing.isPresent() && sending) {
            // Rounded up: waiting until the next identify is due, or a little past (it is timed
            // from when it was due, so lateness counts as latency). Rounded down, every gap under
            // a millisecond (every gap at 1,000/s and more) spun on selectNow and the generator
            // took a whole core from the server it measures.
            long waitNanos = pacing.get().peek() - System.nanoTime();
            timeoutMillis = waitNanos <= 0 ? 0 : (waitNanos + 999_999) / 1_000_000;
          }
          if (timeoutMillis == 0) {
            selector.selectNow();
          } else {
            selector.select(timeoutMillis);
          }
          registerAdopted();
          Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
          while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Terminal terminal = (Terminal) key.attachment();
            try {
              if (key.isValid() && key.isWritable()) {
                terminal.flush();
              }
              if (key.isValid() && key.isReadable()) {
                terminal.read(this);
              }
            } catch (IOException | java.nio.channels.CancelledKeyException e) {
              terminal.gone();
            }
          }
          if (pacing.isPresent() && sending && !terminals.isEmpty()) {
            long now = System.nanoTime();
            while (pacing.get().peek() <= now) {
              Terminal terminal = terminals.get(nextTerminal++ % terminals.size());
              long due = pacing.get().next();
              if (terminal.key.isValid()) {
                terminal.identify(due);
              }
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("event loop " + number + " failed", e);
      }
    }

    private void registerAdopted() throws ClosedChannelException {
      Terminal terminal;
      while ((terminal = adopted.poll()) != null) {
        terminal.key = terminal.channel.register(selector, SelectionKey.OP_READ, terminal);
        terminals.add(terminal);
      }
    }
  }
}
