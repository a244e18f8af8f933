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
 * answered (a closed loop; concurrency = terminals). Prints one JSON line.
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

  @Mixin private MariaDbServer mariadb;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TerminalLoadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = data != null ? data : Files.createTempDirectory("tailor-terminal-bench");
    Map<String, String> settings = new HashMap<>();
    settings.put("tailor.data.dir", dataDir.toString());
    settings.put("tailor.plugins.config.dir", dataDir.resolve("config").toString());
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
      List<SimulatedTerminal> fleet = new ArrayList<>();
      for (int i = 0; i < terminals; i++) {
        String code = "bench-kiosk-" + i;
        try {
          server.stores().terminal(code);
        } catch (NotFoundException missing) {
          server.stores().createTerminal(store, new TerminalDetails(code, "kiosk", "Bench " + i));
        }
        IssuedCredential credential = server.terminalCredentials().issue(code);
        fleet.add(new SimulatedTerminal(server.mqttUrl(), credential, identifiers, i));
      }
      double credentialsSeconds = (System.nanoTime() - credentialsStarted) / 1e9;
      if (ownMosquitto != null) {
        ownMosquitto.reload(server.terminalCredentials().all());
      }
      waitForKioskChannel(server);
      long connectStarted = System.nanoTime();
      int refused = connectAll(fleet);
      double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
      Recorder recorder = new Recorder(3);
      AtomicLong errors = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      fleet.stream()
          .filter(SimulatedTerminal::connected)
          .forEach(t -> t.start(recorder, errors, running));
      Thread.sleep(warmupSeconds * 1000L);
      recorder.reset();
      long errorsBefore = errors.get();
      long started = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      Histogram micros = recorder.getIntervalHistogram();
      double elapsed = (System.nanoTime() - started) / 1e9;
      running.set(false);
      for (SimulatedTerminal terminal : fleet) {
        terminal.close();
      }
      Runtime runtime = Runtime.getRuntime();
      System.out.println(
          JsonLine.of("terminal-identify")
              .add("broker", broker)
              .add("database", databaseName == null ? "demo (H2)" : databaseName)
              .add("terminals", terminals)
              .add("mqttClients", terminals)
              .add("loginsRefused", refused)
              .add("credentialsIssueSeconds", credentialsSeconds, 2)
              .add("connectSeconds", connectSeconds, 2)
              .add("shoppersInDatabase", shoppersInDatabase)
              .add("shoppersAskedFor", identifiers.size())
              .add("requests", micros.getTotalCount())
              .add("errorReplies", errors.get() - errorsBefore)
              .add("seconds", elapsed, 2)
              .add("identificationsPerSecond", micros.getTotalCount() / elapsed, 0)
              .add("p50Ms", micros.getValueAtPercentile(50) / 1000.0, 3)
              .add("p99Ms", micros.getValueAtPercentile(99) / 1000.0, 3)
              .add("maxMs", micros.getMaxValue() / 1000.0, 3)
              .add("heapUsedMiB", (runtime.totalMemory() - runtime.freeMemory()) >> 20)
              .add("at", Instant.now().toString()));
    }
  }

  /** Logs the fleet in, {@code --connect-parallelism} at a time; returns how many were refused. */
  private int connectAll(List<SimulatedTerminal> fleet) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, connectParallelism));
    AtomicLong refused = new AtomicLong();
    try {
      for (SimulatedTerminal terminal : fleet) {
        pool.execute(
            () -> {
              try {
                terminal.connect();
              } catch (MqttException e) {
                if (refused.incrementAndGet() <= 5) {
                  System.err.println("login refused or failed: " + terminal.code() + ": " + e);
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

  /** One terminal: its own client, identify after identify, each timed from send to reply. */
  private static final class SimulatedTerminal implements MqttCallback {
    private final IssuedCredential credential;
    private final List<String> cards;
    private final MqttAsyncClient client;
    private final String identifyTopic;
    private final String offersTopic;
    private Recorder recorder;
    private AtomicLong errors;
    private AtomicBoolean running;
    private long sentAt;
    private long sequence;

    SimulatedTerminal(String url, IssuedCredential credential, List<String> cards, int seed)
        throws MqttException {
      this.credential = credential;
      this.cards = cards;
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

    String code() {
      return credential.terminalCode();
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

    void start(Recorder recorder, AtomicLong errors, AtomicBoolean running) {
      this.recorder = recorder;
      this.errors = errors;
      this.running = running;
      sendNext();
    }

    private synchronized void sendNext() {
      if (!running.get()) {
        return;
      }
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
      properties.setCorrelationData(Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
      message.setProperties(properties);
      sentAt = System.nanoTime();
      try {
        client.publish(identifyTopic, message);
      } catch (MqttException e) {
        errors.incrementAndGet();
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      long micros = (System.nanoTime() - sentAt) / 1000;
      recorder.recordValue(Math.max(1, micros));
      if (new String(message.getPayload(), StandardCharsets.UTF_8).contains("\"error\"")) {
        errors.incrementAndGet();
      }
      sendNext(); // the async client only queues it: fine on its callback thread
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
