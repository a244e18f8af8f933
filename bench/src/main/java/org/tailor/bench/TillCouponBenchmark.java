package org.tailor.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.tailor.server.TailorServer;
import org.tailor.server.access.Role;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.shopper.ConsentChange;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Receipt coupon latency at the till through the real HTTP endpoint the POS calls, {@code POST
 * /api/v1/tills/{terminal}/coupons}: the real {@link TailorServer} with its bundled plugins, the
 * receipt channel among them, configured; each request carries a shopper of a seeded random sample
 * (by loyalty id) and a basket of 5 to 20 lines of real products, and goes through the decision
 * pipeline, the outbox, the permission gate and the receipt plugin's ESC/POS rendering. Prints one
 * JSON line per run (from 1 and from 4 concurrent tills), with how many answers had a coupon (200)
 * and how many had none (204). By default each till asks again as soon as it is answered (a closed
 * loop, the server's most); with {@code --rate N} the checkouts arrive at N a second over all tills
 * (an open loop with Poisson arrivals, each timed from when it was due), as shoppers reach tills.
 *
 * <p>Each run first warms the server up with at least 24,000 checkouts ({@code --warmup}), then
 * more while the JIT compiler is still busy (see {@code till-coupon-warmup} in the output), so the
 * figures describe a steady, compiled server: after only 2,000 the 1M-shopper chain's p99 was
 * seconds, the compiler threads taking a fifth of a 2-core machine.
 *
 * <p>By default the server runs on H2 with the demo chain (the Online Retail sample, about 4,300
 * shoppers, its till {@code uk-till-1} and three offers). With {@code --database NAME} it runs
 * against that MariaDB database (for example {@code tailor_bench_360}, a million shoppers): it adds
 * a till {@code bench-till-1} to the first store, one offer when there is none, and receipt
 * consents for the sampled shoppers — rows added, nothing dropped or changed.
 *
 * <pre>
 * java -Xmx2g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.TillCouponBenchmark --requests 20000
 * </pre>
 */
@Command(name = "till-coupon-benchmark", mixinStandardHelpOptions = true)
public final class TillCouponBenchmark implements Callable<Integer> {

  @Mixin private MariaDbServer mariadb;

  @Option(
      names = "--database",
      description = "MariaDB database to run against (default: H2 with the demo chain).")
  private String databaseName;

  @Option(names = "--requests", defaultValue = "20000", description = "Measured requests.")
  private int requests;

  @Option(
      names = "--warmup",
      defaultValue = "24000",
      description =
          "Warm-up checkouts per run, at least (closed loop, not measured): then more, "
              + WARMUP_ROUND
              + " at a time, while the JIT compiler still spent over "
              + JIT_SETTLED_PERCENT
              + " % of the last round's time, up to --warmup-max.")
  private int warmup;

  @Option(
      names = "--warmup-max",
      defaultValue = "60000",
      description = "Warm-up checkouts per run, at most.")
  private int warmupMax;

  /** Warm-up checkouts added at a time while the JIT compiler is still busy. */
  static final int WARMUP_ROUND = 2000;

  /** JIT compilation time, as a share of a warm-up round's time, below which the JVM is warm. */
  static final int JIT_SETTLED_PERCENT = 2;

  @Option(names = "--shoppers", defaultValue = "2000", description = "Shoppers in the sample.")
  private int sampleSize;

  @Option(names = "--clients", defaultValue = "1,4", split = ",", description = "Concurrent tills.")
  private List<Integer> clients;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Above 0: an open loop, this many checkouts a second over all tills (Poisson arrivals,"
              + " each timed from when it was due); 0: each till asks again as soon as it is"
              + " answered.")
  private double rate;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of sample and baskets.")
  private long seed;

  @Option(names = "--history-days", defaultValue = "0", description = HistoryDays.DESCRIPTION)
  private int historyDays;

  @Option(names = "--setting", description = "A setting of the measured server, key=value.")
  private Map<String, String> extraSettings = new HashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new TillCouponBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("tailor-bench-coupon");
    Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
    Path config = Files.createDirectories(dataDir.resolve("plugin-config"));
    if (historyDays > 0) {
      HistoryDays.config(config, historyDays);
    }
    Files.writeString(
        config.resolve("tailor.channel.receipt.cfg"), "width = 42\nheader = Tailor\n");
    Map<String, String> values = new HashMap<>();
    values.put("tailor.data.dir", dataDir.toString());
    values.put("tailor.plugins.dir", plugins.toString());
    values.put("tailor.plugins.config.dir", config.toString());
    values.put("tailor.http.host", "127.0.0.1");
    values.put("tailor.http.port", "0");
    values.put("tailor.outbox.poll.ms", "3600000");
    values.put("tailor.triggers.poll.minutes", "100000");
    if (databaseName != null) {
      values.put("tailor.db.url", mariadb.url(databaseName));
      values.put("tailor.db.user", mariadb.user());
      values.put("tailor.db.password", mariadb.password());
    }
    values.putAll(extraSettings);
    long startedAt = System.nanoTime();
    try (TailorServer tailor = TailorServer.start(TailorSettings.of(values))) {
      String terminal;
      if (databaseName == null) {
        DemoChain.prepare(tailor);
        terminal = "uk-till-1";
      } else {
        terminal = addTill(tailor);
        if (tailor.offers().offers().isEmpty()) {
          addOffer(tailor);
        }
      }
      long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!tailor.plugins().channelPlugins().channels().contains("receipt")) {
        if (System.nanoTime() > waitUntil) {
          throw new IllegalStateException("the receipt channel bundle did not start in 60 s");
        }
        Thread.sleep(50);
      }
      SplittableRandom random = new SplittableRandom(seed);
      List<String> shoppers = sampleShoppers(tailor, random);
      List<String> skus = products(tailor);
      for (String loyaltyId : shoppers) {
        tailor
            .shoppers()
            .recordConsent(
                loyaltyId,
                new ConsentChange("receipt", "offers", "granted", "bench", Instant.now()));
      }
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 4096; i++) {
        bodies.add(basket(shoppers.get(random.nextInt(shoppers.size())), skus, random, i));
      }
      double startupJobsSeconds = StartupJobs.awaitDone(tailor);
      JsonLine.of("till-coupon-setup")
          .add("database", databaseName == null ? "h2-demo" : databaseName)
          .add("shoppers", count(tailor, "SELECT COUNT(*) FROM shopper"))
          .add("purchases", count(tailor, "SELECT COUNT(*) FROM purchase"))
          .add("sampledShoppers", shoppers.size())
          .add("products", skus.size())
          .add("seconds", (System.nanoTime() - startedAt) / 1e9, 2)
          .add("startupJobsWaitSeconds", startupJobsSeconds, 1)
          .add("historyDays", historyDays)
          .print();
      String key =
          tailor
              .apiKeys()
              .create("bench-" + System.currentTimeMillis(), Role.INTEGRATOR, Optional.empty())
              .secret();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      URI endpoint =
          tailor
              .uri()
              .resolve(
                  "/api/v1/tills/"
                      + URLEncoder.encode(terminal, StandardCharsets.UTF_8)
                      + "/coupons");
      for (int clientCount : clients) {
        AtomicLong printed = new AtomicLong();
        AtomicLong none = new AtomicLong();
        warmUp(checkout(http, endpoint, key, bodies, printed, none), clientCount);
        printed.set(0);
        none.set(0);
        LatencyRun.Request measured = checkout(http, endpoint, key, bodies, printed, none);
        LatencyRun.Result result =
            rate > 0
                ? LatencyRun.runAtRate(measured, requests, clientCount, rate, seed)
                : LatencyRun.run(measured, requests, clientCount);
        result
            .json("till-coupon", "http", clientCount)
            .add("loop", rate > 0 ? "open" : "closed")
            .add("rateAskedFor", rate, 0)
            .add("coupons", printed.get())
            .add("noCoupon", none.get())
            .print();
      }
      ProcessMemory.line("till-coupon-memory").print();
    }
    return 0;
  }

  /**
   * Checkouts until the server is a steady, compiled JVM: at least {@code --warmup}, then rounds of
   * {@link #WARMUP_ROUND} while the JIT compiler's time in the last round was over {@link
   * #JIT_SETTLED_PERCENT} % of its wall time, to at most {@code --warmup-max}. With 2,000 the p99
   * of the next 12,000 was seconds, the compiler threads taking a fifth of the machine; with 24,000
   * the CPU per coupon was half. Prints what it took.
   */
  private void warmUp(LatencyRun.Request checkout, int clientCount) throws Exception {
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long started = System.nanoTime();
    long jitBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
    int done = Math.min(warmup, warmupMax);
    LatencyRun.Result last = LatencyRun.run(checkout, done, clientCount);
    long lastJitMillis = jitTimed ? jit.getTotalCompilationTime() - jitBefore : -1;
    while (jitTimed && done < warmupMax && stillCompiling(lastJitMillis, last.seconds())) {
      int round = Math.min(WARMUP_ROUND, warmupMax - done);
      long jitAtRound = jit.getTotalCompilationTime();
      last = LatencyRun.run(checkout, round, clientCount);
      lastJitMillis = jit.getTotalCompilationTime() - jitAtRound;
      done += round;
    }
    JsonLine.of("till-coupon-warmup")
        .add("clients", clientCount)
        .add("requests", done)
        .add("seconds", (System.nanoTime() - started) / 1e9, 1)
        .add("jitCompileMs", jitTimed ? jit.getTotalCompilationTime() - jitBefore : -1)
        .add("lastRoundJitPercent", jitTimed ? lastJitMillis / 10.0 / last.seconds() : -1, 1)
        .add("settled", jitTimed && !stillCompiling(lastJitMillis, last.seconds()))
        .print();
  }

  private static boolean stillCompiling(long jitMillis, double seconds) {
    return jitMillis * 100.0 > JIT_SETTLED_PERCENT * seconds * 1000;
  }

  private static LatencyRun.Request checkout(
      HttpClient http,
      URI endpoint,
      String key,
      List<String> bodies,
      AtomicLong printed,
      AtomicLong none) {
    return index -> {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .header("X-API-Key", key)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(index % bodies.size())))
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        printed.incrementAndGet();
        return true;
      }
      if (response.statusCode() == 204) {
        none.incrementAndGet();
        return true;
      }
      System.err.println(
          "HTTP "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
      return false;
    };
  }

  /** A basket of 5 to 20 lines of real products, as the POS sends it. */
  private static String basket(
      String loyaltyId, List<String> skus, SplittableRandom random, int n) {
    StringBuilder json = new StringBuilder();
    json.append("{\"identifier\":\"")
        .append(loyaltyId)
        .append("\",\"receiptNumber\":\"B-")
        .append(n)
        .append("\",\"basket\":[");
    int lines = 5 + random.nextInt(16);
    for (int i = 0; i < lines; i++) {
      if (i > 0) {
        json.append(',');
      }
      int quantity = 1 + random.nextInt(4);
      json.append("{\"sku\":\"")
          .append(skus.get(random.nextInt(skus.size())).replace("\"", ""))
          .append("\",\"quantity\":")
          .append(quantity)
          .append(",\"amount\":")
          .append(String.format(Locale.ROOT, "%.2f", quantity * (0.5 + random.nextDouble() * 20)))
          .append('}');
    }
    return json.append("]}").toString();
  }

  private String addTill(TailorServer tailor) {
    String code = "bench-till-1";
    Optional<String> exists =
        tailor
            .database()
            .read(
                session ->
                    Jdbc.on(
                        session,
                        c ->
                            Jdbc.first(
                                c,
                                "SELECT code FROM terminal WHERE code = ?",
                                r -> r.getString(1),
                                code)));
    if (exists.isEmpty()) {
      String store =
          tailor
              .database()
              .read(
                  session ->
                      Jdbc.on(
                          session,
                          c ->
                              Jdbc.first(
                                      c,
                                      "SELECT code FROM store ORDER BY id LIMIT 1",
                                      r -> r.getString(1))
                                  .orElseThrow()));
      tailor
          .stores()
          .createTerminal(
              store, new org.tailor.server.store.TerminalDetails(code, "till", "Bench till"));
    }
    return code;
  }

  /** One offer in five languages, for a database without any. */
  private static void addOffer(TailorServer tailor) {
    Instant now = Instant.now();
    tailor
        .offers()
        .createOffer(
            new org.tailor.server.offer.OfferDetails(
                "bench-receipt-10",
                "10% off your next basket",
                "percent_off",
                Optional.of(new java.math.BigDecimal("10")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "active",
                Map.of(
                    "en", new org.tailor.server.offer.OfferText("10% off", "On your next basket."),
                    "es",
                        new org.tailor.server.offer.OfferText(
                            "10 % de descuento", "En su próxima compra."),
                    "bg",
                        new org.tailor.server.offer.OfferText(
                            "10% отстъпка", "За следващата покупка."),
                    "fa", new org.tailor.server.offer.OfferText("۱۰٪ تخفیف", "برای خرید بعدی شما."),
                    "zh-TW", new org.tailor.server.offer.OfferText("九折優惠", "下次購物享九折。")),
                List.of(),
                List.of()));
  }

  /** A seeded random sample of shoppers who have bought something. */
  private List<String> sampleShoppers(TailorServer tailor, SplittableRandom random) {
    long maxId = count(tailor, "SELECT MAX(id) FROM shopper");
    List<String> sample = new ArrayList<>();
    int tries = 0;
    while (sample.size() < sampleSize && tries++ < sampleSize * 20) {
      long id = 1 + random.nextLong(maxId);
      tailor
          .database()
          .read(
              session ->
                  Jdbc.on(
                      session,
                      c ->
                          Jdbc.first(
                              c,
                              "SELECT s.loyalty_id FROM shopper s WHERE s.id = ? AND EXISTS"
                                  + " (SELECT 1 FROM purchase p WHERE p.shopper_id = s.id)",
                              r -> r.getString(1),
                              id)))
          .filter(loyaltyId -> !sample.contains(loyaltyId))
          .ifPresent(sample::add);
    }
    if (sample.isEmpty()) {
      throw new IllegalStateException("no shopper with purchases in the database");
    }
    return sample;
  }

  private static List<String> products(TailorServer tailor) {
    return tailor
        .database()
        .read(
            session ->
                Jdbc.on(
                    session,
                    c ->
                        Jdbc.list(
                            c,
                            "SELECT sku FROM product ORDER BY id LIMIT 5000",
                            r -> r.getString(1))));
  }

  private static long count(TailorServer tailor, String sql) {
    return tailor.database().read(session -> Jdbc.on(session, c -> Jdbc.count(c, sql)));
  }
}
