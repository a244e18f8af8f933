package org.tailor.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.tailor.server.persistence.Database;
import org.tailor.server.reports.ReportRollup;
import org.tailor.server.shopper.RfmCutPointRefresher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The incremental report roll-up's pace on a chain imported by {@link Shopper360Benchmark} (its
 * shoppers and purchases, with the RFM cut points measured from them as the server does): writes
 * {@code --presentations} new presentations of random shoppers (with {@code --offers} offers shown
 * each) whose {@code written_at} and {@code shown_at} are spread over the last {@code --minutes}
 * minutes, as the decision pipeline writes them between two refreshes, then times one {@link
 * ReportRollup#refreshRecent()} and prints a JSON line (presentations counted, seconds,
 * presentations/s). Repeats {@code --runs} times. The first refresh of a database (which counts
 * every day) is run, untimed, before the first run. Adds 8 campaigns, 40 offers and two terminals
 * per store when the database has none.
 */
@Command(name = "rollup-benchmark", mixinStandardHelpOptions = true)
public final class RollupBenchmark implements Callable<Integer> {

  @Option(names = "--database", required = true, description = "A Shopper360 chain database.")
  private String name;

  @Option(
      names = "--presentations",
      defaultValue = "200000",
      description = "New presentations per run.")
  private int presentations;

  @Option(names = "--offers", defaultValue = "3", description = "Offers shown per presentation.")
  private int offersShown;

  @Option(
      names = "--minutes",
      defaultValue = "5",
      description = "Minutes before now over which the new presentations were written.")
  private int minutes;

  @Option(
      names = "--anonymous-share",
      defaultValue = "0.1",
      description = "Share of presentations without an identified shopper.")
  private double anonymousShare;

  @Option(names = "--runs", defaultValue = "1", description = "Timed refreshes.")
  private int runs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed.")
  private long seed;

  @Option(names = "--label", defaultValue = "", description = "Label of the build measured.")
  private String label;

  @Mixin private MariaDbServer mariadb;

  private static final int ROWS_PER_INSERT = 5_000;
  private static final int CAMPAIGNS = 8;
  private static final int OFFERS = 40;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RollupBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (Database database = Database.open(mariadb.settings(name))) {
      addCampaignsOffersTerminals();
      RfmCutPointRefresher rfm = new RfmCutPointRefresher(database, Clock.systemUTC());
      rfm.refresh();
      ReportRollup rollup =
          new ReportRollup(
              database.transactions(), Duration.ofDays(14), rfm::current, Clock.systemUTC());
      if (mariadb.number(name, "select count(*) from report_refresh") == 0) {
        long started = System.nanoTime();
        ReportRollup.RollupResult result = rollup.refreshRecent();
        JsonLine.of("rollup-first-refresh")
            .add("presentations_counted", result.presentationsCounted())
            .add("seconds", (System.nanoTime() - started) / 1e9, 2)
            .print();
      }
      List<Long> shoppers = ids("select id from shopper");
      List<Long> stores = ids("select id from store");
      SplittableRandom random =
          new SplittableRandom(seed ^ System.nanoTime() ^ mariadb.number(name, "select 1"));
      for (int run = 0; run < runs; run++) {
        long written = System.nanoTime();
        writePresentations(random, shoppers, stores);
        double writeSeconds = (System.nanoTime() - written) / 1e9;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long started = System.nanoTime();
        ReportRollup.RollupResult result = rollup.refreshRecent();
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonLine.of("rollup-incremental")
            .add("label", label)
            .add("database", name)
            .add("shoppers", shoppers.size())
            .add("new_presentations", presentations)
            .add("presentations_counted", result.presentationsCounted())
            .add("rows_written", result.rowsWritten())
            .add("seconds", seconds, 2)
            .add("presentations_per_second", result.presentationsCounted() / seconds, 0)
            .add("write_seconds", writeSeconds, 1)
            .add("load_average", load, 2)
            .print();
      }
    }
    return 0;
  }

  private List<Long> ids(String sql) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  private void addCampaignsOffersTerminals() throws SQLException {
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement()) {
      if (mariadb.number(name, "select count(*) from campaign where code like 'rb-c%'") == 0) {
        for (int i = 1; i <= CAMPAIGNS; i++) {
          s.executeUpdate(
              "insert into campaign (code, name, holdout_share, created_at, updated_at) values"
                  + " ('rb-c"
                  + i
                  + "', 'Roll-up campaign "
                  + i
                  + "', 0.1, now(), now())");
        }
        for (int i = 1; i <= OFFERS; i++) {
          s.executeUpdate(
              "insert into offer (code, name, kind, valid_from, valid_until, campaign_id, status,"
                  + " version, created_at, updated_at) select 'rb-o"
                  + i
                  + "', 'Roll-up offer "
                  + i
                  + "', 'coupon', '2025-01-01', '2030-01-01', id, 'active', 1, now(), now()"
                  + " from campaign where code = 'rb-c"
                  + ((i - 1) % CAMPAIGNS + 1)
                  + "'");
        }
      }
      if (mariadb.number(name, "select count(*) from terminal") == 0) {
        s.executeUpdate(
            "insert into terminal (code, store_id, kind, name, last_seen_at, created_at,"
                + " updated_at) select concat('rb-t', id, '-', k.n), id, 'kiosk',"
                + " concat('Kiosk ', k.n), now(), now(), now()"
                + " from store, (select 1 n union all select 2) k");
      }
    }
  }

  /**
   * Writes the presentations, their {@code written_at} and {@code shown_at} rising evenly over the
   * last {@link #minutes} minutes, in multi-row inserts of {@link #ROWS_PER_INSERT}.
   */
  private void writePresentations(SplittableRandom random, List<Long> shoppers, List<Long> stores)
      throws SQLException {
    List<Long> campaigns = ids("select id from campaign where code like 'rb-c%' order by id");
    List<Long> offers = ids("select id from offer where code like 'rb-o%' order by id");
    List<Long> terminals = ids("select id from terminal order by store_id, id");
    List<Long> terminalStores = ids("select store_id from terminal order by store_id, id");
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement()) {
      long first = mariadb.number(name, "select coalesce(max(id), 0) + 1 from presentation");
      LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
      long spanMicros = minutes * 60_000_000L;
      s.execute("set session foreign_key_checks = 0, unique_checks = 0");
      c.setAutoCommit(false);
      StringBuilder p = new StringBuilder();
      StringBuilder po = new StringBuilder();
      int pending = 0;
      for (int i = 0; i < presentations; i++) {
        long id = first + i;
        int t = random.nextInt(terminals.size());
        long terminal = terminals.get(t);
        long store = terminalStores.get(t);
        int campaign = random.nextInt(campaigns.size());
        boolean holdout = random.nextDouble() < 0.1;
        String shopper =
            random.nextDouble() < anonymousShare
                ? "null"
                : Long.toString(shoppers.get(random.nextInt(shoppers.size())));
        String at =
            "'" + now.minusNanos(1_000L * (spanMicros - spanMicros * i / presentations)) + "'";
        append(
            p,
            "("
                + id
                + ","
                + shopper
                + ","
                + store
                + ","
                + terminal
                + ",'kiosk',"
                + at
                + ","
                + (holdout ? 1 : 0)
                + ","
                + campaigns.get(campaign)
                + ","
                + at
                + ")");
        if (!holdout) {
          for (int rank = 1; rank <= offersShown; rank++) {
            long offer = offers.get((campaign + CAMPAIGNS * random.nextInt(OFFERS / CAMPAIGNS)));
            append(po, "(" + id + "," + rank + "," + offer + ",0.5,'bench')");
          }
        }
        if (++pending == ROWS_PER_INSERT) {
          flush(s, p, po);
          c.commit();
          pending = 0;
        }
      }
      flush(s, p, po);
      c.commit();
    }
  }

  private static void append(StringBuilder values, String row) {
    values.append(values.isEmpty() ? "" : ",").append(row);
  }

  private static void flush(Statement s, StringBuilder p, StringBuilder po) throws SQLException {
    if (!p.isEmpty()) {
      s.executeUpdate(
          "insert into presentation (id, shopper_id, store_id, terminal_id, channel, shown_at,"
              + " holdout, campaign_id, written_at) values "
              + p);
    }
    if (!po.isEmpty()) {
      s.executeUpdate(
          "insert into presentation_offer (presentation_id, offer_rank, offer_id,"
              + " probability, explanation) values "
              + po);
    }
    p.setLength(0);
    po.setLength(0);
  }
}
