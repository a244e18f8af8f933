package org.tailor.server.reports;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.IdBlocks;
import org.tailor.server.validation.InvalidInputException;

/**
 * Imports Kevin Hillstrom's MineThatData e-mail test (2008; 64,000 customers randomised to a Mens
 * e-mail, a Womens e-mail or no e-mail) as one Tailor campaign with a holdout, to check the reports
 * against a randomised experiment with published rates: "Womens E-Mail" rows become treatment
 * presentations of offer {@code womens-email}, "No E-Mail" rows holdout presentations, "Mens
 * E-Mail" rows are left out. The outcome is the visit within two weeks ({@code responded}); the
 * spend is the revenue. Everything lands in store {@code hillstrom}, on 2008-03-20, channel {@code
 * email}, in one transaction: a failed import leaves nothing behind.
 */
public final class HillstromExperiment {

  /** The store, campaign and offer codes the experiment is imported under. */
  public static final String STORE_CODE = "hillstrom";

  public static final String CAMPAIGN_CODE = "hillstrom-womens";
  public static final String OFFER_CODE = "womens-email";

  /** The day the e-mails went out (the challenge's publication date). */
  public static final LocalDateTime SENT_AT = LocalDateTime.of(2008, 3, 20, 0, 0);

  private static final Set<String> SEGMENTS = Set.of("Mens E-Mail", "Womens E-Mail", "No E-Mail");
  private static final int BATCH = 2_000;

  private HillstromExperiment() {}

  /**
   * What was imported.
   *
   * @param storeId the store holding the experiment
   * @param campaignId its campaign
   * @param offerId its offer
   * @param treatment treatment presentations (Womens E-Mail)
   * @param holdout holdout presentations (No E-Mail)
   */
  public record Imported(long storeId, long campaignId, long offerId, int treatment, int holdout) {}

  /**
   * Imports the file.
   *
   * @throws InvalidInputException for a missing column, a bad value (naming line and column), or an
   *     experiment already imported
   */
  public static Imported importFile(DataSource dataSource, Path csv) throws IOException {
    List<Row> rows = read(csv);
    Timestamp now = Timestamp.valueOf(LocalDateTime.now(java.time.ZoneOffset.UTC));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (exists(c, "select count(*) from store where code = ?", STORE_CODE)
            || exists(c, "select count(*) from campaign where code = ?", CAMPAIGN_CODE)) {
          throw new InvalidInputException(
              "file", csv.toString(), Message.of("reports", "expected.not.imported"));
        }
        // store, campaign and offer marked presented, as the presentation writer marks the rows
        // its presentations name: they are kept from deletion while presentations name them
        long store =
            insert(
                c,
                "insert into store (code, name, time_zone, created_at, updated_at, presented)"
                    + " values (?, 'Hillstrom e-mail test (MineThatData 2008)', 'UTC', ?, ?,"
                    + " true)",
                STORE_CODE,
                now,
                now);
        long campaign =
            insert(
                c,
                "insert into campaign (code, name, holdout_share, starts_at, ends_at, created_at,"
                    + " updated_at, presented) values (?, 'Hillstrom: Womens e-mail against no"
                    + " e-mail', 0.5000, ?, ?, ?, ?, true)",
                CAMPAIGN_CODE,
                Timestamp.valueOf(SENT_AT),
                Timestamp.valueOf(SENT_AT.plusWeeks(2)),
                now,
                now);
        long offer =
            insert(
                c,
                "insert into offer (code, name, kind, valid_from, valid_until, campaign_id,"
                    + " status, version, created_at, updated_at, presented)"
                    + " values (?, 'Womens merchandise e-mail', 'message', ?, ?, ?, 'ended', 1,"
                    + " ?, ?, true)",
                OFFER_CODE,
                Timestamp.valueOf(SENT_AT),
                Timestamp.valueOf(SENT_AT.plusWeeks(2)),
                campaign,
                now,
                now);
        List<Row> kept = rows.stream().filter(r -> !r.segment().equals("Mens E-Mail")).toList();
        // Ids from a block of their own (taken in a transaction of its own, so that servers
        // deciding meanwhile are not held up), as the servers write presentations with ids they
        // hand out themselves.
        List<Long> ids = new ArrayList<>(kept.size());
        if (!kept.isEmpty()) {
          IdBlocks.Block block = IdBlocks.take(dataSource, "presentation", kept.size());
          for (long id = block.first(); id < block.end(); id++) {
            ids.add(id);
          }
        }
        try (PreparedStatement p =
            c.prepareStatement(
                "insert into presentation (id, store_id, channel, shown_at, holdout, campaign_id)"
                    + " values (?, ?, 'email', ?, ?, ?)")) {
          int pending = 0;
          for (int i = 0; i < kept.size(); i++) {
            Row row = kept.get(i);
            p.setLong(1, ids.get(i));
            p.setLong(2, store);
            p.setTimestamp(3, Timestamp.valueOf(SENT_AT));
            p.setBoolean(4, row.holdout());
            p.setLong(5, campaign);
            p.addBatch();
            if (++pending == BATCH) {
              p.executeBatch();
              pending = 0;
            }
          }
          p.executeBatch();
        }
        try (PreparedStatement po =
                c.prepareStatement(
                    "insert into presentation_offer (presentation_id, offer_rank, offer_id,"
                        + " probability, explanation) values (?, 1, ?, 1.0,"
                        + " 'Hillstrom test: randomised to the Womens e-mail')");
            PreparedStatement o =
                c.prepareStatement(
                    "insert into presentation_outcome (presentation_id, responded,"
                        + " revenue_amount, source, measured_at)"
                        + " values (?, ?, ?, 'experiment', ?)")) {
          int pending = 0;
          for (int i = 0; i < kept.size(); i++) {
            Row row = kept.get(i);
            long id = ids.get(i);
            if (!row.holdout()) {
              po.setLong(1, id);
              po.setLong(2, offer);
              po.addBatch();
            }
            o.setLong(1, id);
            o.setBoolean(2, row.visited());
            o.setBigDecimal(3, row.spend());
            o.setTimestamp(4, now);
            o.addBatch();
            if (++pending == BATCH) {
              po.executeBatch();
              o.executeBatch();
              pending = 0;
            }
          }
          po.executeBatch();
          o.executeBatch();
        }
        c.commit();
        int holdout = (int) kept.stream().filter(Row::holdout).count();
        return new Imported(store, campaign, offer, kept.size() - holdout, holdout);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IOException("the Hillstrom test could not be imported from " + csv, e);
    }
  }

  private record Row(String segment, boolean visited, BigDecimal spend) {
    boolean holdout() {
      return segment.equals("No E-Mail");
    }
  }

  private static List<Row> read(Path csv) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build()
                .parse(reader)) {
      for (String column : List.of("segment", "visit", "spend")) {
        if (!parser.getHeaderMap().containsKey(column)) {
          throw new InvalidInputException(
              "header",
              String.join(",", parser.getHeaderNames()),
              Message.of("reports", "expected.hillstrom.header"));
        }
      }
      for (CSVRecord record : parser) {
        long line = parser.getCurrentLineNumber();
        String segment = record.get("segment");
        if (!SEGMENTS.contains(segment)) {
          throw new InvalidInputException(
              "line " + line + ", segment",
              segment,
              Message.of("errors", "expected.one.of", String.join(", ", SEGMENTS)));
        }
        String visit = record.get("visit");
        if (!visit.equals("0") && !visit.equals("1")) {
          throw new InvalidInputException(
              "line " + line + ", visit", visit, Message.of("errors", "expected.one.of", "0, 1"));
        }
        BigDecimal spend;
        try {
          spend = new BigDecimal(record.get("spend")).setScale(2, java.math.RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
          throw new InvalidInputException(
              "line " + line + ", spend",
              record.get("spend"),
              Message.of("errors", "expected.decimal"));
        }
        if (spend.signum() < 0) {
          throw new InvalidInputException(
              "line " + line + ", spend",
              record.get("spend"),
              Message.of("errors", "expected.decimal"));
        }
        rows.add(new Row(segment, visit.equals("1"), spend));
      }
    }
    return rows;
  }

  private static boolean exists(Connection c, String sql, String code) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, code);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    }
  }

  private static long insert(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
