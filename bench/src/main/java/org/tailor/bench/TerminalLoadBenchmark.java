package org.tailor.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.demo.DemoChain.DemoFacts;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;
import org.tailor.server.store.TerminalDetails;
import org.tailor.server.validation.NotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Identify → offers round trips from many simulated terminals: the real server and the chosen
 * broker; one Paho MQTT 5 client per terminal, each logged in with its own credentials and confined
 * by the ACL like a real agent, each sending its next identify as soon as the previous one is
 * answered (a closed loop; concurrency = terminals) or at {@code --rate} (an open loop). The first
 * {@code --warmup-seconds} are reported apart ({@code warmup*} fields) and left out of the measured
 * window's figures. Prints one JSON line. A reply with the error code {@code busy} (an identify the
 * overloaded server shed) is counted apart ({@code busyRepliesPerSecond}): it is neither an
 * identification nor timed, so shedding cannot flatter {@code identificationsPerSecond} or the
 * percentiles. In a closed loop such a terminal asks again at once, which a shopper would not.
 *
 * <p>Shoppers: by default the demo chain's (embedded H2, the Online Retail sample), by loyalty
 * card, plus one newcomer in five. With {@code --database NAME} the server runs on that MariaDB
 * database (such as the million-shopper {@code tailor_bench_360}; nothing is imported or dropped,
 * only the bench terminals are added and the presentations the identifications make are recorded)
 * and the identifications are for a seeded random sample of its shoppers by loyalty id.
 *
 * <p>Brokers: {@code embedded} (the server's HiveMQ CE, logins checked against the terminals'
 * hashes); {@code mosquitto}, the one on {@code --mosquitto-url} as it is configured (the machine's
 * allows anonymous clients, so no password or ACL is checked there); {@code mosquitto-acl}, a
 * Mosquitto process of the benchmark's own on a free port, started from {@code
 * config/mosquitto/mosquitto.conf} with the password and ACL files the server writes (so every
 * login checks a PBKDF2 hash and every topic the ACL), without touching the machine's broker.
 *
 * <pre>
 * java -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.TerminalLoadBenchmark --broker embedded --terminals 1000 --seconds 60
 * </pre>
 */
@Command(name = "terminal-load-benchmark", mixinStandardHelpOptions = true)
public final class TerminalLoadBenchmark implements Callable<Integer> {

  @Option(
      names = "--broker",
      defaultValue = "embedded",
      description = "embedded, mosquitto (the one on --mosquitto-url) or mosquitto-acl (its own).")
  private String broker;

  @Option(names = "--mosquitto-url", defaultValue = "tcp://127.0.0.1:1883")
  private String mosquittoUrl;

  @Option(
      names = "--mosquitto-binary",
      defaultValue = "/usr/sbin/mosquitto",
      description = "For --broker mosquitto-acl.")
  private Path mosquittoBinary;

  @Option(names = "--terminals", defaultValue = "1000", description = "Simulated terminals.")
  private int terminals;

  @Option(names = "--seconds", defaultValue = "60", description = "Measured seconds.")
  private int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "10")
  private int warmupSeconds;

  @Option(
      names = "--connect-parallelism",
      defaultValue = "16",
      description = "Terminals logging in at the same time while the fleet connects.")
  private int connectParallelism;

  @Option(names = "--data", description = "Server data folder (default: a fresh temporary one).")
  private Path data;

  @Option(
      names = "--database",
      description =
          "A MariaDB database with the chain (such as tailor_bench_360) instead of the demo on"
              + " H2; its shoppers are identified.")
  private String databaseName;

  @Option(
      names = "--sample",
      defaultValue = "20000",
      description = "Shoppers sampled (--database).")
  private int sampleSize;

  @Option(
      names = "--client",
      defaultValue = "nio",
      description =
          "nio: terminals speaking MQTT 5 by hand on --loops event-loop threads (cheap); paho: one"
              + " Paho client (and its threads) per terminal, as before.")
  private String client;

  @Option(
      names = "--loops",
      defaultValue = "1",
      description = "Event-loop threads of the nio terminals.")
  private int loopThreads;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Identifications per second over the whole fleet (an open loop: sent when due, whether"
              + " or not earlier ones were answered, and timed from when they were due); 0 for a"
              + " closed loop, each terminal sending its next as soon as it has its reply.")
  private double rate;

  @Option(
      names = "--arrivals",
      defaultValue = "poisson",
      description = "Open loop: poisson (exponential gaps) or even.")
  private String arrivals;

  @Option(names = "--history-days", defaultValue = "0", description = HistoryDays.DESCRIPTION)
  private int historyDays;

  @Option(
      names = "--setting",
      description =
          "A setting of the measured server, key=value (repeatable), such as"
              + " tailor.mqtt.workers=32.")
  private Map<String, String> extraSettings = new HashMap<>();

  @Option(
      names = "--timeline-seconds",
      defaultValue = "10",
      description = "Length of each slice of the printed timeline (timeline).")
  private int timelineSeconds;

  @Option(
      names = "--prewarm-decisions",
      defaultValue = "0",
      description =
          "Before the fleet starts (--database only): this many decisions through the server's"
              + " decision pipeline, in the process, on two threads, for shoppers outside the"
              + " fleet's sample and with no terminal, so that the decision path's code is compiled"
              + " but no shopper or terminal the fleet meets is cached by them (an experiment: they"
              + " record presentations like any decision).")
  private int prewarmDecisions;

  @Mixin private MariaDbServer mariadb;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TerminalLoadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!client.equals("nio") && !client.equals("paho")) {
      System.err.println("--client: expected nio or paho: " + client);
      return 2;
    }
    if (!arrivals.equals("poisson") && !arrivals.equals("even")) {
      System.err.println("--arrivals: expected poisson or even: " + arrivals);
      return 2;
    }
    if (rate < 0 || loopThreads < 1) {
      System.err.println("--rate must be 0 or more and --loops 1 or more");
      return 2;
    }
    Path dataDir = data != null ? data : Files.createTempDirectory("tailor-terminal-bench");
    Map<String, String> settings = new HashMap<>();
    settings.put("tailor.data.dir", dataDir.toString());
    settings.put("tailor.plugins.config.dir", dataDir.resolve("config").toString());
    if (historyDays > 0) {
      HistoryDays.config(dataDir.resolve("config"), historyDays);
    }
    settings.put("tailor.http.port", "0");
    if (databaseName != null) {
      if (!mariadb.exists(databaseName)) {
        System.err.println("database " + databaseName + " is missing on " + mariadb.url(""));
        return 2;
      }
      settings.put("tailor.db.url", mariadb.url(databaseName));
      settings.put("tailor.db.user", mariadb.user());
      settings.put("tailor.db.password", mariadb.password());
    }
    OwnMosquitto ownMosquitto = null;
    switch (broker) {
      case "embedded" -> settings.put("tailor.mqtt.embedded.port", "0");
      case "mosquitto" -> {
        settings.put("tailor.mqtt.broker", "external");
        settings.put("tailor.mqtt.url", mosquittoUrl);
        settings.put("tailor.mqtt.shared.group", "tailor-bench");
      }
      case "mosquitto-acl" -> {
        ownMosquitto = OwnMosquitto.start(mosquittoBinary, dataDir.resolve("mosquitto"));
        settings.put("tailor.mqtt.broker", "external");
        settings.put("tailor.mqtt.url", ownMosquitto.url());
        settings.put("tailor.mqtt.username", OwnMosquitto.SERVER_USER);
        settings.put("tailor.mqtt.password", ownMosquitto.serverSecret());
      }
      default -> {
        System.err.println("--broker: expected embedded, mosquitto or mosquitto-acl: " + broker);
        return 2;
      }
    }
    settings.putAll(extraSettings);
    try {
      run(settings, ownMosquitto);
    } finally {
      if (ownMosquitto != null) {
        ownMosquitto.close();
      }
    }
    return 0;
  }

  private void run(Map<String, String> settings, OwnMosquitto ownMosquitto) throws Exception {
    try (TailorServer server = TailorServer.start(TailorSettings.of(settings))) {
      List<String> identifiers;
      String store;
      long shoppersInDatabase;
      if (databaseName == null) {
        DemoFacts demo = DemoChain.prepare(server);
        identifiers = new ArrayList<>();
        demo.shoppers().forEach(s -> identifiers.add(s.card()));
        store = DemoChain.STORE;
        shoppersInDatabase = demo.shoppers().size();
      } else {
        shoppersInDatabase = mariadb.number(databaseName, "SELECT COUNT(*) FROM shopper");
        identifiers =
            mariadb.strings(
                databaseName,
                "SELECT loyalty_id FROM shopper ORDER BY RAND(7) LIMIT " + sampleSize);
        List<String> stores =
            mariadb.strings(databaseName, "SELECT code FROM store ORDER BY code LIMIT 1");
        if (identifiers.isEmpty() || stores.isEmpty()) {
          throw new IllegalStateException(
              "database "
                  + databaseName
                  + " has no shoppers or no store: import a chain first (Shopper360Benchmark)");
        }
        store = stores.get(0);
      }
      long credentialsStarted = System.nanoTime();
      List<IssuedCredential> credentials = new ArrayList<>();
      for (int i = 0; i < terminals; i++) {
        String code = "bench-kiosk-" + i;
        try {
          server.stores().terminal(code);
        } catch (NotFoundException missing) {
          server.stores().createTerminal(store, new TerminalDetails(code, "kiosk", "Bench " + i));
        }
        credentials.add(server.terminalCredentials().issue(code));
      }
      double credentialsSeconds = (System.nanoTime() - credentialsStarted) / 1e9;
      if (ownMosquitto != null) {
        ownMosquitto.reload(server.terminalCredentials().all());
      }
      waitForKioskChannel(server);
      double indexSeconds = StartupJobs.awaitDone(server);
      double prewarmSeconds = prewarm(server, identifiers, store);
      Recorder recorder = new Recorder(3);
      Fleet fleet =
          client.equals("nio")
              ? new NioFleet(server.mqttUrl(), identifiers, recorder)
              : new PahoFleet(server.mqttUrl(), identifiers, recorder);
      String loadBefore = loadAverage();
      long connectStarted = System.nanoTime();
      int refused = connectAll(fleet, credentials);
      double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
      fleet.start(rate, arrivals.equals("poisson"));
      long warmupStarted = System.nanoTime();
      Instant warmupStartedAt = Instant.now();
      Timeline timeline = new Timeline(fleet, warmupStarted, timelineSeconds * 1000L);
      timeline.sleep(warmupSeconds * 1000L);
      // The warm-up's round trips (cold caches, JIT, the first backlog) are reported on their own,
      // not mixed into the measured window's.
      Histogram warmupMicros = recorder.getIntervalHistogram();
      double warmupElapsed = (System.nanoTime() - warmupStarted) / 1e9;
      long warmupReceived = fleet.received() - fleet.busy();
      long errorsBefore = fleet.errors();
      long busyBefore = fleet.busy();
      long sentBefore = fleet.sent();
      long receivedBefore = fleet.received();
      long started = System.nanoTime();
      timeline.sleep(seconds * 1000L);
      Histogram micros = recorder.getIntervalHistogram();
      double elapsed = (System.nanoTime() - started) / 1e9;
      long sentInWindow = fleet.sent() - sentBefore;
      long receivedInWindow = fleet.received() - receivedBefore;
      long errorsInWindow = fleet.errors() - errorsBefore;
      long busyInWindow = fleet.busy() - busyBefore;
      String loadAfter = loadAverage();
      fleet.stopSending(10_000);
      long unanswered = fleet.sent() - fleet.received();
      long dropped = fleet.dropped();
      fleet.close();
      Runtime runtime = Runtime.getRuntime();
      JsonLine.of("terminal-identify")
          .add("broker", broker)
          .add("database", databaseName == null ? "demo (H2)" : databaseName)
          .add("client", client + (client.equals("nio") ? " (" + loopThreads + " loops)" : ""))
          .add("loop", rate > 0 ? "open" : "closed")
          .add("rateAskedFor", rate, 0)
          .add("arrivals", rate > 0 ? arrivals : "")
          .add("terminals", terminals)
          .add("settings", extraSettings.toString())
          .add("loginsRefused", refused)
          .add("credentialsIssueSeconds", credentialsSeconds, 2)
          .add("connectSeconds", connectSeconds, 2)
          .add("startupJobsDoneAfterSeconds", indexSeconds, 1)
          .add("historyDays", historyDays)
          .add("shoppersInDatabase", shoppersInDatabase)
          .add("shoppersAskedFor", identifiers.size())
          .add("prewarmDecisions", prewarmDecisions)
          .add("prewarmSeconds", prewarmSeconds, 1)
          .add("warmupStartedAt", warmupStartedAt.toString())
          .add("warmupSeconds", warmupElapsed, 2)
          .add("warmupIdentificationsPerSecond", warmupReceived / warmupElapsed, 0)
          .add("warmupP50Ms", warmupMicros.getValueAtPercentile(50) / 1000.0, 3)
          .add("warmupP99Ms", warmupMicros.getValueAtPercentile(99) / 1000.0, 3)
          .add("seconds", elapsed, 2)
          .add("sentPerSecond", sentInWindow / elapsed, 0)
          .add("identificationsPerSecond", (receivedInWindow - busyInWindow) / elapsed, 0)
          .add("busyRepliesPerSecond", busyInWindow / elapsed, 0)
          .add("replies", micros.getTotalCount())
          .add("errorReplies", errorsInWindow)
          .add("unansweredAtEnd", unanswered)
          .add("connectionsDropped", dropped)
          .add("p50Ms", micros.getValueAtPercentile(50) / 1000.0, 3)
          .add("p99Ms", micros.getValueAtPercentile(99) / 1000.0, 3)
          .add("p999Ms", micros.getValueAtPercentile(99.9) / 1000.0, 3)
          .add("maxMs", micros.getMaxValue() / 1000.0, 3)
          .add("heapUsedMiB", (runtime.totalMemory() - runtime.freeMemory()) >> 20)
          .add("threads", Thread.activeCount())
          .add("timeline", timeline.toString())
          .add("loadAverageBefore", loadBefore)
          .add("loadAverageAfter", loadAfter)
          .add("at", Instant.now().toString())
          .print();
    }
  }

  /**
   * What the fleet saw in each slice ({@code --timeline-seconds}) since the warm-up began, so that
   * a fall behind in the first minute shows when it starts and ends: for each slice its end
   * (seconds since the warm-up began), then per second the identifies sent, the replies that were
   * offers or errors other than busy, the busy replies, and the process's CPU in cores (the process
   * holds the server and the simulated terminals). Printed as {@code "t:sent/answered/busy/cpu"}
   * entries separated by spaces.
   */
  private static final class Timeline {
    private final long sliceMillis;
    private final Fleet fleet;
    private final long started;
    private final StringBuilder slices = new StringBuilder();
    private long lastAt;
    private long lastSent;
    private long lastReceived;
    private long lastBusy;
    private long lastTicks;

    Timeline(Fleet fleet, long started, long sliceMillis) {
      this.fleet = fleet;
      this.sliceMillis = sliceMillis;
      this.started = started;
      this.lastAt = started;
      this.lastSent = fleet.sent();
      this.lastReceived = fleet.received();
      this.lastBusy = fleet.busy();
      this.lastTicks = ProcessMemory.processCpuNanos();
    }

    /** Sleeps {@code millis}, noting a slice at the end of each slice meanwhile. */
    void sleep(long millis) throws InterruptedException {
      long end = System.nanoTime() + millis * 1_000_000L;
      while (true) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return;
        }
        long nextSlice = lastAt + sliceMillis * 1_000_000L - System.nanoTime();
        Thread.sleep(Math.max(1, Math.min(left, nextSlice) / 1_000_000L));
        if (System.nanoTime() - (lastAt + sliceMillis * 1_000_000L) >= 0) {
          note();
        }
      }
    }

    private void note() {
      long now = System.nanoTime();
      long sent = fleet.sent();
      long received = fleet.received();
      long busy = fleet.busy();
      long ticks = ProcessMemory.processCpuNanos();
      double seconds = (now - lastAt) / 1e9;
      if (slices.length() > 0) {
        slices.append(' ');
      }
      slices.append(
          String.format(
              java.util.Locale.ROOT,
              "%.0f:%.0f/%.0f/%.0f/%.2f",
              (now - started) / 1e9,
              (sent - lastSent) / seconds,
              ((received - lastReceived) - (busy - lastBusy)) / seconds,
              (busy - lastBusy) / seconds,
              (ticks - lastTicks) / 1e9 / seconds));
      lastAt = now;
      lastSent = sent;
      lastReceived = received;
      lastBusy = busy;
      lastTicks = ticks;
    }

    @Override
    public String toString() {
      return slices.toString();
    }
  }

  /**
   * {@code --prewarm-decisions}: that many decisions for shoppers of the database outside the
   * fleet's {@code sample}, with no terminal, on two threads; returns the seconds they took.
   */
  private double prewarm(TailorServer server, List<String> sample, String store)
      throws InterruptedException, java.sql.SQLException {
    if (prewarmDecisions <= 0 || databaseName == null) {
      return 0;
    }
    java.util.Set<String> fleetShoppers = new java.util.HashSet<>(sample);
    List<String> others =
        mariadb
            .strings(
                databaseName,
                "SELECT loyalty_id FROM shopper ORDER BY RAND(11) LIMIT "
                    + (sampleSize + prewarmDecisions))
            .stream()
            .filter(id -> !fleetShoppers.contains(id))
            .limit(prewarmDecisions)
            .toList();
    long started = System.nanoTime();
    AtomicLong next = new AtomicLong();
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (long i = next.getAndIncrement();
                    i < prewarmDecisions;
                    i = next.getAndIncrement()) {
                  server
                      .decisions()
                      .decide(
                          new org.tailor.plugin.host.DecisionRequest(
                              java.util.Optional.of(others.get((int) (i % others.size()))),
                              store,
                              java.util.Optional.empty(),
                              "kiosk",
                              Instant.now(),
                              3,
                              java.util.Optional.empty()));
                }
              },
              "bench-prewarm-" + t);
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** The 1-, 5- and 15-minute load averages, as {@code uptime} shows them. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** Logs the fleet in, {@code --connect-parallelism} at a time; returns how many were refused. */
  private int connectAll(Fleet fleet, List<IssuedCredential> credentials)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, connectParallelism));
    AtomicLong refused = new AtomicLong();
    try {
      for (int i = 0; i < credentials.size(); i++) {
        IssuedCredential credential = credentials.get(i);
        int seed = i;
        pool.execute(
            () -> {
              try {
                fleet.connect(credential, seed);
              } catch (Exception e) {
                if (refused.incrementAndGet() <= 5) {
                  System.err.println(
                      "login refused or failed: " + credential.terminalCode() + ": " + e);
                }
              }
            });
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.MINUTES);
    }
    return (int) refused.get();
  }

  /** The simulated terminals, however they speak MQTT. */
  private interface Fleet {
    void connect(IssuedCredential credential, int seed) throws Exception;

    void start(double ratePerSecond, boolean poisson);

    void stopSending(long drainMillis) throws InterruptedException;

    long sent();

    long received();

    long errors();

    /** Replies with the error code busy, among {@link #received()}; not timed. */
    long busy();

    long dropped();

    void close() throws Exception;
  }

  /** {@link NioTerminalFleet}: every terminal on a few event-loop threads. */
  private final class NioFleet implements Fleet {
    private final NioTerminalFleet fleet;

    NioFleet(String url, List<String> identifiers, Recorder recorder) throws java.io.IOException {
      java.net.URI uri = java.net.URI.create(url);
      this.fleet =
          new NioTerminalFleet(uri.getHost(), uri.getPort(), loopThreads, identifiers, recorder);
    }

    @Override
    public void connect(IssuedCredential credential, int seed) throws java.io.IOException {
      fleet.connect(credential, seed);
    }

    @Override
    public void start(double ratePerSecond, boolean poisson) {
      fleet.start(ratePerSecond, poisson);
    }

    @Override
    public void stopSending(long drainMillis) throws InterruptedException {
      fleet.stopSending(drainMillis);
    }

    @Override
    public long sent() {
      return fleet.sent();
    }

    @Override
    public long received() {
      return fleet.received();
    }

    @Override
    public long errors() {
      return fleet.errors();
    }

    @Override
    public long busy() {
      return fleet.busy();
    }

    @Override
    public long dropped() {
      return fleet.dropped();
    }

    @Override
    public void close() {
      fleet.close();
    }
  }

  /**
   * One Paho client per terminal (each with its own threads). In an open loop one pacing thread
   * hands the due identifies to the terminals in turn.
   */
  private static final class PahoFleet implements Fleet {
    private final String url;
    private final List<String> identifiers;
    private final Recorder recorder;
    private final List<SimulatedTerminal> terminals =
        java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private Thread pacer;

    PahoFleet(String url, List<String> identifiers, Recorder recorder) {
      this.url = url;
      this.identifiers = identifiers;
      this.recorder = recorder;
    }

    @Override
    public void connect(IssuedCredential credential, int seed) throws MqttException {
      SimulatedTerminal terminal = new SimulatedTerminal(url, credential, identifiers, seed, this);
      terminal.connect();
      terminals.add(terminal);
    }

    @Override
    public void start(double ratePerSecond, boolean poisson) {
      sending.set(true);
      List<SimulatedTerminal> fleet = List.copyOf(terminals);
      if (ratePerSecond <= 0) {
        fleet.forEach(t -> t.identify(System.nanoTime(), true));
        return;
      }
      pacer =
          new Thread(
              () -> {
                NioTerminalFleet.Pacing pacing =
                    new NioTerminalFleet.Pacing(ratePerSecond, poisson, 17);
                int next = 0;
                while (sending.get()) {
                  long wait = pacing.peek() - System.nanoTime();
                  if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    continue;
                  }
                  fleet.get(next++ % fleet.size()).identify(pacing.next(), false);
                }
              },
              "paho-pacer");
      pacer.setDaemon(true);
      pacer.start();
    }

    @Override
    public void stopSending(long drainMillis) throws InterruptedException {
      sending.set(false);
      if (pacer != null) {
        pacer.join();
      }
      long deadline = System.currentTimeMillis() + drainMillis;
      while (received.get() < sent.get() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    }

    @Override
    public long sent() {
      return sent.get();
    }

    @Override
    public long received() {
      return received.get();
    }

    @Override
    public long errors() {
      return errors.get();
    }

    @Override
    public long busy() {
      return busy.get();
    }

    @Override
    public long dropped() {
      return terminals.stream().filter(t -> !t.connected()).count();
    }

    @Override
    public void close() throws MqttException {
      for (SimulatedTerminal terminal : terminals) {
        terminal.close();
      }
    }
  }

  private static void waitForKioskChannel(TailorServer server) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      boolean active =
          server.plugins().status().stream()
              .anyMatch(
                  s ->
                      s.symbolicName().equals("org.tailor.channel.kiosk")
                          && !s.components().isEmpty()
                          && s.components().stream()
                              .allMatch(c -> c.state().name().equals("ACTIVE")));
      if (active && server.mqtt().isConnected()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the kiosk channel did not start");
  }

  /**
   * One terminal: its own Paho client; each identify carries the time it was due as correlation
   * data, and the reply is timed from then.
   */
  private static final class SimulatedTerminal implements MqttCallback {
    private final IssuedCredential credential;
    private final List<String> cards;
    private final MqttAsyncClient client;
    private final String identifyTopic;
    private final String offersTopic;
    private final PahoFleet fleet;
    private volatile boolean closedLoop;
    private long sequence;

    SimulatedTerminal(
        String url, IssuedCredential credential, List<String> cards, int seed, PahoFleet fleet)
        throws MqttException {
      this.credential = credential;
      this.cards = cards;
      this.fleet = fleet;
      this.client =
          new MqttAsyncClient(url, credential.terminalCode() + "-bench", new MemoryPersistence());
      String prefix =
          "tailor/v1/stores/"
              + credential.storeCode()
              + "/terminals/"
              + credential.terminalCode()
              + "/";
      this.identifyTopic = prefix + "identify";
      this.offersTopic = prefix + "offers";
      this.sequence = seed * 1_000_003L;
      client.setCallback(this);
    }

    boolean connected() {
      return client.isConnected();
    }

    void connect() throws MqttException {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName(credential.username());
      options.setPassword(credential.secret().getBytes(StandardCharsets.UTF_8));
      options.setCleanStart(true);
      options.setConnectionTimeout(30);
      client.connect(options).waitForCompletion(30_000);
      client.subscribe(offersTopic, 1).waitForCompletion(30_000);
    }

    /** Sends an identify that was due at {@code dueNanos}; in a closed loop, the next on reply. */
    synchronized void identify(long dueNanos, boolean closed) {
      closedLoop = closed;
      sequence++;
      // One in five shoppers is a newcomer the chain does not know.
      String card =
          sequence % 5 == 0 ? "unknown-" + sequence : cards.get((int) (sequence % cards.size()));
      String payload =
          "{\"messageId\":\"b-"
              + sequence
              + "\",\"identifier\":{\"type\":\"loyalty\",\"value\":\""
              + card
              + "\"},\"maxOffers\":3,\"sentAt\":\""
              + Instant.now()
              + "\"}";
      MqttMessage message =
          new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null);
      MqttProperties properties = new MqttProperties();
      properties.setResponseTopic(offersTopic);
      properties.setCorrelationData(MqttWire.longBytes(dueNanos));
      message.setProperties(properties);
      try {
        client.publish(identifyTopic, message);
        fleet.sent.incrementAndGet();
      } catch (MqttException e) {
        fleet.errors.incrementAndGet();
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      long now = System.nanoTime();
      MqttProperties properties = message.getProperties();
      byte[] correlation = properties == null ? null : properties.getCorrelationData();
      String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
      // a busy reply (the server shed the identify) is no identification: not timed
      boolean busyReply = payload.contains("\"code\":\"busy\"");
      if (!busyReply && correlation != null && correlation.length == 8) {
        long due = java.nio.ByteBuffer.wrap(correlation).getLong();
        fleet.recorder.recordValue(Math.max(1, (now - due) / 1000));
      }
      fleet.received.incrementAndGet();
      if (busyReply) {
        fleet.busy.incrementAndGet();
      } else if (payload.contains("\"error\"")) {
        fleet.errors.incrementAndGet();
      }
      if (closedLoop && fleet.sending.get()) {
        identify(System.nanoTime(), true); // the async client only queues it
      }
    }

    void close() throws MqttException {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(5_000);
        }
      } finally {
        client.close(true);
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
