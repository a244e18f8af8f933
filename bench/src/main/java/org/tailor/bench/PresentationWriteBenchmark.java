package org.tailor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.tailor.server.decision.PresentationWriter;
import org.tailor.server.persistence.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cost of logging presentations in MariaDB: writes {@code --presentations} presentations of
 * three offers each through the server's {@link PresentationWriter} (its batches, transactions and
 * id blocks, with the server's default batch size, queue bound and flush interval) into a database
 * of {@code --shoppers} shoppers and {@code --offers} offers, as fast as one deciding thread hands
 * them over, and prints rows a second, the JVM's CPU and MariaDB's CPU per presentation as JSON.
 *
 * <p>MariaDB's CPU is read from {@code /proc}: {@code mariadbConnectionCpu} sums the threads of
 * this benchmark's connections (found by their {@code TID} in the process list), which nothing else
 * on the server touches; {@code mariadbProcessCpu} is the whole server process, including InnoDB's
 * background threads (page cleaner, purge), and also whatever other clients make it do meanwhile.
 * Both need the benchmark to run on the database server's machine.
 *
 * <p>The database (shoppers, stores, terminals, campaigns, offers and {@code --preload}
 * presentations, inserted in SQL) is kept between runs unless {@code --regenerate}, so that a run
 * after a schema change writes into a table of the same size.
 */
@Command(name = "presentation-write-benchmark", mixinStandardHelpOptions = true)
public final class PresentationWriteBenchmark implements Callable<Integer> {

  @Option(names = "--presentations", defaultValue = "200000", description = "Measured rows.")
  private int presentations;

  @Option(names = "--warmup", defaultValue = "20000", description = "Rows written first.")
  private int warmup;

  @Option(
      names = "--preload",
      defaultValue = "1000000",
      description = "Presentations in the table before the first run (inserted in SQL).")
  private long preload;

  @Option(names = "--shoppers", defaultValue = "1000000", description = "Shoppers.")
  private int shoppers;

  @Option(names = "--offers", defaultValue = "1000", description = "Offers.")
  private int offers;

  @Option(names = "--stores", defaultValue = "100", description = "Stores, 5 terminals each.")
  private int stores;

  @Option(names = "--batch", defaultValue = "500", description = "Rows per JDBC batch.")
  private int batch;

  @Option(names = "--max-pending", defaultValue = "20000", description = "Writer's queue bound.")
  private int maxPending;

  @Option(names = "--flush-ms", defaultValue = "200", description = "Writer's flush interval.")
  private int flushMillis;

  @Option(
      names = "--database",
      defaultValue = "tailor_presentation_write",
      description = "Database.")
  private String name;

  @Option(names = "--regenerate", description = "Drop the database and generate it again.")
  private boolean regenerate;

  @Option(names = "--drop", description = "Drop the database when done.")
  private boolean dropWhenDone;

  @Option(names = "--label", defaultValue = "", description = "Names the run in the output.")
  private String label;

  @Mixin private MariaDbServer mariadb;

  private static final int TERMINALS_PER_STORE = 5;
  private static final Instant FIRST_SHOWN = Instant.parse("2026-11-26T06:00:00Z");

  public static void main(String[] args) {
    System.exit(new CommandLine(new PresentationWriteBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean fresh = mariadb.createUnlessKept(name, regenerate);
    try (Database database = Database.open(mariadb.settings(name))) {
      if (fresh) {
        long started = System.nanoTime();
        generate();
        JsonLine.of("presentation-write-generate")
            .add("shoppers", shoppers)
            .add("offers", offers)
            .add("presentations", preload)
            .add("seconds", (System.nanoTime() - started) / 1e9, 1)
            .print();
      }
      Ids ids = ids();
      try (PresentationWriter writer =
          new PresentationWriter(
              database.dataSource(), batch, maxPending, Duration.ofMillis(flushMillis))) {
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        write(writer, ids, random, warmup);
        writer.flushAll();
        long before = mariadb.number(name, "SELECT COUNT(*) FROM presentation");
        List<Long> threads = connectionThreads("=");
        Cpu start = Cpu.now(threads, connectionThreads("<>"));
        long started = System.nanoTime();
        write(writer, ids, random, presentations);
        writer.flushAll();
        long nanos = System.nanoTime() - started;
        Cpu end = Cpu.now(threads, connectionThreads("<>"));
        long written = mariadb.number(name, "SELECT COUNT(*) FROM presentation") - before;
        JsonLine.of("presentation-write")
            .add("label", label)
            .add("presentations", presentations)
            .add("written", written)
            .add("dropped", writer.droppedCount())
            .add("tableRows", before + written)
            .add("batch", batch)
            .add("seconds", nanos / 1e9, 2)
            .add("presentationsPerSecond", presentations / (nanos / 1e9), 0)
            .add("jvmCpuMicrosPerPresentation", (end.jvm - start.jvm) / 1e3 / presentations, 1)
            .add(
                "mariadbConnectionCpuMicrosPerPresentation",
                (end.connections - start.connections) / 1e3 / presentations,
                1)
            .add(
                "mariadbProcessCpuMicrosPerPresentation",
                (end.process - start.process) / 1e3 / presentations,
                1)
            .add(
                "mariadbBackgroundCpuMicrosPerPresentation",
                (end.background(start)) / 1e3 / presentations,
                1)
            .add("mariadbConnectionThreads", threads.size())
            .print();
      }
    } finally {
      if (dropWhenDone) {
        mariadb.drop(name);
      }
    }
    return 0;
  }

  /** Hands {@code n} presentations to the writer, as a deciding thread would. */
  private void write(PresentationWriter writer, Ids ids, SplittableRandom random, int n) {
    for (int i = 0; i < n; i++) {
      int store = random.nextInt(ids.stores.size());
      Optional<Long> shopper =
          random.nextInt(10) == 0
              ? Optional.empty()
              : Optional.of(ids.firstShopper + random.nextInt(shoppers));
      Optional<Long> terminal =
          random.nextInt(5) == 0
              ? Optional.empty()
              : Optional.of(
                  ids.terminals.get(
                      store * TERMINALS_PER_STORE + random.nextInt(TERMINALS_PER_STORE)));
      boolean holdout = random.nextInt(20) == 0;
      Optional<Long> campaign =
          holdout || random.nextInt(3) == 0
              ? Optional.of(ids.campaigns.get(random.nextInt(ids.campaigns.size())))
              : Optional.empty();
      List<PresentationWriter.OfferRow> shown = new ArrayList<>(3);
      int first = random.nextInt(ids.offers.size());
      for (int rank = 1; rank <= 3; rank++) {
        shown.add(
            new PresentationWriter.OfferRow(
                rank,
                ids.offers.get((first + rank * 7) % ids.offers.size()),
                random.nextDouble(),
                "Bought in this category 3 times in the last 90 days; value tier "
                    + (1 + random.nextInt(5))));
      }
      writer.write(
          new PresentationWriter.Row(
              writer.nextId(),
              shopper,
              ids.stores.get(store),
              terminal,
              "kiosk",
              Instant.now(),
              holdout,
              campaign,
              shown));
    }
  }

  /** The rows the presentations refer to. */
  private record Ids(
      List<Long> stores,
      List<Long> terminals,
      List<Long> campaigns,
      List<Long> offers,
      long firstShopper) {}

  private Ids ids() throws SQLException {
    return new Ids(
        longs("SELECT id FROM store ORDER BY id"),
        longs("SELECT id FROM terminal ORDER BY store_id, id"),
        longs("SELECT id FROM campaign ORDER BY id"),
        longs("SELECT id FROM offer ORDER BY id"),
        mariadb.number(name, "SELECT MIN(id) FROM shopper"));
  }

  private List<Long> longs(String sql) throws SQLException {
    return mariadb.strings(name, sql).stream().map(Long::valueOf).toList();
  }

  /** Shoppers, stores, terminals, campaigns, offers and earlier presentations, in SQL. */
  private void generate() throws SQLException {
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO store (code, name, time_zone, created_at, updated_at)"
              + " SELECT CONCAT('s', seq), CONCAT('Store ', seq), 'UTC', NOW(6), NOW(6)"
              + " FROM seq_1_to_"
              + stores);
      s.execute(
          "INSERT INTO terminal (code, store_id, kind, name, created_at, updated_at)"
              + " SELECT CONCAT('t', st.id, '-', t.seq), st.id, 'kiosk', 'Kiosk', NOW(6), NOW(6)"
              + " FROM store st JOIN seq_1_to_"
              + TERMINALS_PER_STORE
              + " t");
      s.execute(
          "INSERT INTO campaign (code, name, holdout_share, created_at, updated_at)"
              + " SELECT CONCAT('c', seq), 'Campaign', 0.05, NOW(6), NOW(6) FROM seq_1_to_8");
      s.execute(
          "INSERT INTO offer (code, name, kind, discount_percent, valid_from, valid_until,"
              + " campaign_id, status, version, created_at, updated_at)"
              + " SELECT CONCAT('offer-', seq), 'Offer', 'percent', 10, '2026-01-01',"
              + " '2027-01-01', NULL, 'active', 1, NOW(6), NOW(6) FROM seq_1_to_"
              + offers);
      s.execute(
          "INSERT INTO shopper (loyalty_id, language, created_at, updated_at)"
              + " SELECT CONCAT('L', seq), 'en', NOW(6), NOW(6) FROM seq_1_to_"
              + shoppers);
      long firstStore = mariadb.number(name, "SELECT MIN(id) FROM store");
      long firstShopper = mariadb.number(name, "SELECT MIN(id) FROM shopper");
      long firstOffer = mariadb.number(name, "SELECT MIN(id) FROM offer");
      // earlier presentations over the day before, ids below the writer's blocks
      for (long done = 0; done < preload; done += 100_000) {
        long n = Math.min(100_000, preload - done);
        s.execute(
            "INSERT INTO presentation (id, shopper_id, store_id, terminal_id, channel, shown_at,"
                + " holdout, campaign_id) SELECT seq, IF(seq % 10 = 0, NULL, "
                + firstShopper
                + " + (seq * 7919) % "
                + shoppers
                + "), "
                + firstStore
                + " + seq % "
                + stores
                + ", NULL, 'kiosk', TIMESTAMPADD(MICROSECOND, seq * 80000, '2026-11-25'),"
                + " seq % 20 = 0, NULL FROM seq_"
                + (done + 1)
                + "_to_"
                + (done + n));
        s.execute(
            "INSERT INTO presentation_offer (presentation_id, offer_rank, offer_id, probability,"
                + " explanation) SELECT p.seq, r.seq, "
                + firstOffer
                + " + (p.seq + r.seq * 7) % "
                + offers
                + ", 0.5, 'Bought in this category 3 times in the last 90 days' FROM seq_"
                + (done + 1)
                + "_to_"
                + (done + n)
                + " p JOIN seq_1_to_3 r");
      }
      s.execute("UPDATE id_block SET next_id = " + (preload + 1) + " WHERE name = 'presentation'");
    }
  }

  /**
   * The server threads (Linux thread ids) of this benchmark's connections ({@code "="}) or of every
   * other client's ({@code "<>"}).
   */
  private List<Long> connectionThreads(String comparison) throws SQLException {
    return longs(
        "SELECT TID FROM information_schema.PROCESSLIST WHERE COALESCE(DB, '') "
            + comparison
            + " '"
            + name
            + "' AND ID <> CONNECTION_ID()");
  }

  /**
   * CPU used so far, in nanoseconds: this JVM's, the benchmark's connection threads', the server
   * process's, and other clients' connection threads' one by one.
   */
  private record Cpu(long jvm, long connections, long process, Map<Long, Long> otherClients) {

    /**
     * The server's CPU between {@code start} and now for neither this benchmark's connections nor
     * any other client's: InnoDB's background threads (a client connected meanwhile counts whole).
     */
    long background(Cpu start) {
      long others = 0;
      for (Map.Entry<Long, Long> thread : otherClients.entrySet()) {
        others += thread.getValue() - start.otherClients.getOrDefault(thread.getKey(), 0L);
      }
      return process - start.process - (connections - start.connections) - others;
    }

    static Cpu now(List<Long> threads, List<Long> others) throws IOException {
      long jvm =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime();
      Path server =
          Path.of(
              "/proc",
              Long.toString(
                  DatabaseServerCpu.localServerPid()
                      .orElseThrow(() -> new IOException("no mariadbd process on this machine"))));
      long connections = 0;
      for (long thread : threads) {
        Path task = server.resolve("task").resolve(Long.toString(thread));
        connections +=
            DatabaseServerCpu.cpuNanos(task)
                .orElseThrow(() -> new IOException("no CPU time in " + task));
      }
      Map<Long, Long> otherClients = new HashMap<>();
      for (long thread : others) {
        // none when the client disconnected meanwhile
        DatabaseServerCpu.cpuNanos(server.resolve("task").resolve(Long.toString(thread)))
            .ifPresent(nanos -> otherClients.put(thread, nanos));
      }
      long process =
          DatabaseServerCpu.cpuNanos(server)
              .orElseThrow(() -> new IOException("no CPU time in " + server));
      return new Cpu(jvm, connections, process, otherClients);
    }
  }
}
