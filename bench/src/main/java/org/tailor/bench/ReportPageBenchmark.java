package org.tailor.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.NewUser;
import org.tailor.server.access.UserRole;
import org.tailor.server.access.UserService;
import org.tailor.server.api.HttpApi;
import org.tailor.server.api.HttpApiSettings;
import org.tailor.server.persistence.Database;
import org.tailor.server.reports.ReportQueries;
import org.tailor.server.reports.ReportRollup;
import org.tailor.server.reports.ReportsSettings;
import org.tailor.server.reports.ReportsWeb;
import org.tailor.server.shopper.RfmCutPoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Report page time with many presentations in MariaDB: generates {@code --presentations}
 * presentations over {@code --days} days in {@code --stores} stores (with offers shown, outcomes
 * and redemptions, by batched multi-row JDBC inserts), builds the roll-ups, then requests each
 * report page over HTTP as a signed-in head-office user and prints p50/p99 per page as JSON lines.
 * The data are kept between runs unless {@code --regenerate}.
 */
@Command(name = "report-page-benchmark", mixinStandardHelpOptions = true)
public final class ReportPageBenchmark implements Callable<Integer> {

  @Option(names = "--presentations", defaultValue = "10000000", description = "Presentations.")
  private long presentations;

  @Option(names = "--stores", defaultValue = "200", description = "Stores.")
  private int stores;

  @Option(names = "--days", defaultValue = "365", description = "Days the presentations span.")
  private int days;

  @Option(names = "--offers", defaultValue = "40", description = "Offers (in 8 campaigns).")
  private int offers;

  @Option(names = "--requests", defaultValue = "50", description = "Measured requests per page.")
  private int requests;

  @Option(names = "--warmup", defaultValue = "5", description = "Warm-up requests per page.")
  private int warmup;

  @Option(names = "--database", defaultValue = "tailor_bench_reports", description = "Database.")
  private String name;

  @Option(names = "--regenerate", description = "Drop the database and generate again.")
  private boolean regenerate;

  @Option(
      names = "--generate-only",
      description = "Generate the presentations and stop (roll up and time the pages later).")
  private boolean generateOnly;

  @Option(
      names = "--incremental",
      defaultValue = "10000",
      description =
          "Presentations added after the roll-up, then refreshed incrementally (0: none).")
  private long incremental;

  @Option(names = "--skip-pages", description = "Roll up but do not time the pages.")
  private boolean skipPages;

  @Mixin private MariaDbServer mariadb;

  private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
  private static final int ROWS_PER_INSERT = 5_000;
  private static final String PASSWORD = "benchmark password";

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReportPageBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean fresh = mariadb.createUnlessKept(name, regenerate);
    try (Database database = Database.open(mariadb.settings(name))) {
      if (fresh) {
        long started = System.nanoTime();
        generate(database);
        System.out.println(
            JsonLine.of("report-generate")
                .add("presentations", presentations)
                .add("seconds", (System.nanoTime() - started) / 1e9, 1));
        if (generateOnly) {
          return 0;
        }
      }
      ReportRollup rollup =
          new ReportRollup(
              database.dataSource(),
              Duration.ofDays(14),
              () -> RfmCutPoints.NONE,
              Clock.systemUTC());
      if (!rolledUp()) {
        // the first incremental refresh has seen nothing: it builds every day
        long started = System.nanoTime();
        ReportRollup.RollupResult result = rollup.refreshRecent();
        System.out.println(
            JsonLine.of("report-rollup")
                .add("presentations", presentations)
                .add("days", result.daysTouched())
                .add("rows_written", result.rowsWritten())
                .add("seconds", (System.nanoTime() - started) / 1e9, 1));
      }
      if (incremental > 0) {
        long added = addPresentations(incremental);
        long started = System.nanoTime();
        ReportRollup.RollupResult result = rollup.refreshRecent();
        System.out.println(
            JsonLine.of("report-refresh-incremental")
                .add("presentations", presentations)
                .add("new_presentations", added)
                .add("presentations_counted", result.presentationsCounted())
                .add("days", result.daysTouched())
                .add("seconds", (System.nanoTime() - started) / 1e9, 1));
      }
      System.out.println(
          JsonLine.of("report-rollup-rows")
              .add("store_day", count("report_store_day"))
              .add("chain_day", count("report_chain_day"))
              .add("store_arm_day", count("report_store_arm_day"))
              .add("terminal_day", count("report_terminal_day"))
              .add("offer_day", count("report_offer_day"))
              .add("offer_chain_day", count("report_offer_chain_day")));
      if (!skipPages) {
        measure(database);
      }
    }
    return 0;
  }

  private boolean rolledUp() throws SQLException {
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("select count(*) from report_refresh")) {
      rows.next();
      return rows.getLong(1) > 0;
    }
  }

  private long count(String table) throws SQLException {
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("select count(*) from " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Adds {@code n} presentations (with offers, outcomes and redemptions) on the last day, after the
   * highest id, as the decision pipeline would between two refreshes.
   */
  private long addPresentations(long n) throws SQLException {
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement()) {
      long first;
      try (ResultSet rows = s.executeQuery("select coalesce(max(id), 0) + 1 from presentation")) {
        rows.next();
        first = rows.getLong(1);
      }
      c.setAutoCommit(false);
      writePresentations(
          c, s, first, n, FIRST_DAY.plusDays(days - 1L).atStartOfDay(), 86_400 / Math.max(1, n));
      return n;
    }
  }

  private void generate(Database database) throws SQLException {
    try (Connection c = mariadb.connect(name);
        Statement s = c.createStatement()) {
      StringBuilder sql =
          new StringBuilder(
              "insert into store (id, code, name, region, time_zone,"
                  + " created_at, updated_at) values ");
      for (int i = 1; i <= stores; i++) {
        sql.append(i == 1 ? "" : ",")
            .append("(")
            .append(i)
            .append(", 's")
            .append(i)
            .append("', 'Store ")
            .append(i)
            .append("', 'R")
            .append(i % 10)
            .append("', 'UTC', now(), now())");
      }
      s.executeUpdate(sql.toString());
      sql =
          new StringBuilder(
              "insert into terminal (id, code, store_id, kind, name, last_seen_at,"
                  + " created_at, updated_at) values ");
      for (int i = 1; i <= stores * 2; i++) {
        sql.append(i == 1 ? "" : ",")
            .append("(")
            .append(i)
            .append(", 't")
            .append(i)
            .append("', ")
            .append((i + 1) / 2)
            .append(", 'kiosk', 'Kiosk ")
            .append(i)
            .append("', ")
            .append(i % 7 == 0 ? "null" : "now()")
            .append(", now(), now())");
      }
      s.executeUpdate(sql.toString());
      sql =
          new StringBuilder(
              "insert into campaign (id, code, name, holdout_share, created_at,"
                  + " updated_at) values ");
      for (int i = 1; i <= 8; i++) {
        sql.append(i == 1 ? "" : ",")
            .append("(")
            .append(i)
            .append(", 'c")
            .append(i)
            .append("', 'Campaign ")
            .append(i)
            .append("', 0.1, now(), now())");
      }
      s.executeUpdate(sql.toString());
      sql =
          new StringBuilder(
              "insert into offer (id, code, name, kind, valid_from, valid_until,"
                  + " campaign_id, status, version, created_at, updated_at) values ");
      for (int i = 1; i <= offers; i++) {
        sql.append(i == 1 ? "" : ",")
            .append("(")
            .append(i)
            .append(", 'o")
            .append(i)
            .append("', 'Offer ")
            .append(i)
            .append("', 'coupon', '2025-01-01', '2027-01-01', ")
            .append((i - 1) % 8 + 1)
            .append(", 'active', 1, now(), now())");
      }
      s.executeUpdate(sql.toString());

      // The generated ids are unique and every reference exists: skip the per-row checks.
      s.execute("set session foreign_key_checks = 0, unique_checks = 0");
      c.setAutoCommit(false);
      writePresentations(
          c,
          s,
          1,
          presentations,
          FIRST_DAY.atStartOfDay(),
          Math.max(1, (long) days * 86_400 / presentations));
    }
  }

  private void writePresentations(
      Connection c,
      Statement s,
      long firstId,
      long count,
      LocalDateTime start,
      long secondsPerPresentation)
      throws SQLException {
    SplittableRandom random = new SplittableRandom(firstId);
    StringBuilder p = new StringBuilder();
    StringBuilder po = new StringBuilder();
    StringBuilder o = new StringBuilder();
    StringBuilder r = new StringBuilder();
    int pending = 0;
    for (long id = firstId; id < firstId + count; id++) {
      int store = 1 + random.nextInt(stores);
      int terminal = store * 2 - random.nextInt(2);
      int campaign = 1 + random.nextInt(8);
      boolean holdout = random.nextDouble() < 0.1;
      LocalDateTime at = start.plusSeconds((id - firstId) * secondsPerPresentation);
      append(
          p,
          "("
              + id
              + ","
              + store
              + ","
              + terminal
              + ",'kiosk','"
              + at
              + "',"
              + (holdout ? 1 : 0)
              + ","
              + campaign
              + ")");
      int offer = campaign + 8 * random.nextInt(offers / 8);
      if (!holdout) {
        append(po, "(" + id + ",1," + offer + ",0.5,'bench')");
      }
      boolean responded = random.nextDouble() < (holdout ? 0.20 : 0.23);
      int revenue = responded ? 10 + random.nextInt(90) : 0;
      append(o, "(" + id + "," + (responded ? 1 : 0) + "," + revenue + ",'experiment',now())");
      if (!holdout && responded && random.nextDouble() < 0.3) {
        append(
            r,
            "('m"
                + id
                + "',"
                + id
                + ","
                + offer
                + ","
                + store
                + ","
                + terminal
                + ",'"
                + at.plusMinutes(20)
                + "',"
                + revenue
                + ",2)");
      }
      if (++pending == ROWS_PER_INSERT) {
        flush(s, p, po, o, r);
        c.commit();
        pending = 0;
      }
    }
    flush(s, p, po, o, r);
    c.commit();
  }

  private static void append(StringBuilder values, String row) {
    values.append(values.isEmpty() ? "" : ",").append(row);
  }

  private static void flush(
      Statement s, StringBuilder p, StringBuilder po, StringBuilder o, StringBuilder r)
      throws SQLException {
    if (!p.isEmpty()) {
      s.executeUpdate(
          "insert into presentation (id, store_id, terminal_id, channel, shown_at,"
              + " holdout, campaign_id) values "
              + p);
    }
    if (!po.isEmpty()) {
      s.executeUpdate(
          "insert into presentation_offer (presentation_id, offer_rank, offer_id,"
              + " probability, explanation) values "
              + po);
    }
    if (!o.isEmpty()) {
      s.executeUpdate(
          "insert into presentation_outcome (presentation_id, responded,"
              + " revenue_amount, source, measured_at) values "
              + o);
    }
    if (!r.isEmpty()) {
      s.executeUpdate(
          "insert into redemption (message_id, presentation_id, offer_id, store_id,"
              + " terminal_id, redeemed_at, basket_amount, discount_amount) values "
              + r);
    }
    p.setLength(0);
    po.setLength(0);
    o.setLength(0);
    r.setLength(0);
  }

  private void measure(Database database) throws Exception {
    UserService users = new UserService(database, Clock.systemUTC());
    if (users.authenticate("bench-head-office", PASSWORD).isEmpty()) {
      users.create(
          new NewUser(
              "bench-head-office",
              "Head office",
              PASSWORD,
              UserRole.HEAD_OFFICE,
              Optional.empty(),
              List.of(),
              "en",
              Optional.empty()));
    }
    if (users.authenticate("bench-store-manager", PASSWORD).isEmpty()) {
      users.create(
          new NewUser(
              "bench-store-manager",
              "Manager of s1",
              PASSWORD,
              UserRole.STORE_MANAGER,
              Optional.empty(),
              List.of("s1"),
              "en",
              Optional.empty()));
    }
    ReportsSettings settings = ReportsSettings.defaults();
    ApiKeyService keys = new ApiKeyService(database);
    try (HttpApi http =
        HttpApi.builder(HttpApiSettings.local(0), keys)
            .webContext(
                ReportsWeb.context(
                    new ReportQueries(database.dataSource(), 0.95, 200),
                    users,
                    keys,
                    settings,
                    Clock.systemUTC()))
            .start()) {
      URI base = http.uri().resolve("reports/");
      measurePages(base, "head_office", "bench-head-office");
      measurePages(base, "store_manager", "bench-store-manager");
    }
  }

  private void measurePages(URI base, String reader, String username) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String login =
        client
            .send(
                HttpRequest.newBuilder(base.resolve("login")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(login);
    if (!csrf.find()) {
      throw new IllegalStateException("no CSRF token on the sign-in page");
    }
    String form =
        "csrf="
            + csrf.group(1)
            + "&username="
            + username
            + "&password="
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
    client.send(
        HttpRequest.newBuilder(base.resolve("login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    String period =
        "from=" + FIRST_DAY.plusDays(days - 28L) + "&to=" + FIRST_DAY.plusDays(days - 1L);
    String year = "from=" + FIRST_DAY + "&to=" + FIRST_DAY.plusDays(days - 1L);
    String[][] pages = {
      {"overview-28d", "overview?" + period},
      {"overview-365d", "overview?" + year},
      {"offers-top-365d", "offers?sort=top&" + year},
      {"offer-365d", "offers/1?" + year},
      {"stores-365d", "stores?" + year},
      {"tiers-365d", "tiers?" + year},
      {"campaigns-365d", "campaigns?" + year},
      {"overview-store-365d", "overview?store=1&" + year},
      {"offers-top-store-365d", "offers?sort=top&store=1&" + year},
      {"overview-csv-365d", "overview?format=csv&" + year},
      {"overview-pdf-365d", "overview?format=pdf&" + year},
    };
    for (String[] page : pages) {
      Histogram micros = new Histogram(3);
      HttpRequest request = HttpRequest.newBuilder(base.resolve(page[1])).build();
      for (int i = 0; i < warmup + requests; i++) {
        long started = System.nanoTime();
        HttpResponse<byte[]> response =
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long took = (System.nanoTime() - started) / 1_000;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(page[1] + " answered " + response.statusCode());
        }
        if (i >= warmup) {
          micros.recordValue(took);
        }
      }
      System.out.println(
          JsonLine.of("report-page")
              .add("reader", reader)
              .add("page", page[0])
              .add("presentations", presentations)
              .add("requests", requests)
              .add("p50_ms", micros.getValueAtPercentile(50) / 1000.0, 1)
              .add("p99_ms", micros.getValueAtPercentile(99) / 1000.0, 1)
              .add("max_ms", micros.getMaxValue() / 1000.0, 1));
    }
  }
}
