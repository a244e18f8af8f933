package org.tailor.server.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.tailor.server.access.ReportUser;
import org.tailor.server.access.StoreScope;
import org.tailor.server.access.UserService;

/**
 * The weekly email of a store's report to its managers: by default every Monday at 07:00 in the
 * store's time zone, the overview of the seven days before, limited to that store, in each
 * manager's language, with the report as PDF. Rendering is here; {@link WeeklyReportMailer} decides
 * when and hands the emails to a {@link ReportMailbox} (the email channel plugin's, {@link
 * StaffMailReportMailbox}).
 */
public final class WeeklyStoreReports {

  /** When the weekly report goes out, in the store's time zone. */
  public static final DayOfWeek SEND_DAY = DayOfWeek.MONDAY;

  public static final LocalTime SEND_TIME = LocalTime.of(7, 0);

  private final DataSource dataSource;
  private final ReportQueries queries;
  private final UserService users;
  private final URI reportsUri;

  public WeeklyStoreReports(
      DataSource dataSource, ReportQueries queries, UserService users, URI reportsUri) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.queries = Objects.requireNonNull(queries, "queries");
    this.users = Objects.requireNonNull(users, "users");
    this.reportsUri = Objects.requireNonNull(reportsUri, "reportsUri");
  }

  /** The next sending moment strictly after {@code now} for a store in {@code zone}. */
  public static ZonedDateTime nextSendingAfter(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    ZonedDateTime candidate =
        local
            .with(TemporalAdjusters.nextOrSame(SEND_DAY))
            .with(SEND_TIME)
            .withSecond(0)
            .withNano(0);
    if (!candidate.toInstant().isAfter(now)) {
      candidate = candidate.plusWeeks(1);
    }
    return candidate;
  }

  /**
   * The emails for one store for the week ending the day before {@code sendDay}: one per manager of
   * the store with an email address.
   */
  public List<StoreReportEmail> render(long storeId, LocalDate sendDay) {
    String[] store = store(storeId);
    LocalDate to = sendDay.minusDays(1);
    LocalDate from = sendDay.minusDays(7);
    List<StoreReportEmail> emails = new ArrayList<>();
    for (ReportUser manager : users.managersOf(storeId)) {
      Locale locale = Locale.forLanguageTag(manager.language());
      ReportText text = new ReportText(locale);
      ReportFilter filter =
          new ReportFilter(from, to, Optional.of(storeId), StoreScope.of(Set.of(storeId)));
      ReportLinks links =
          new ReportLinks(
              reportsUri.toString().replaceAll("/$", ""), from, to, Optional.of(storeId));
      ReportView view = new ReportPages(queries, text, filter, links, 25).overview();
      ByteArrayOutputStream pdf = new ByteArrayOutputStream();
      try {
        ReportExport.pdf(view, pdf);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String name = store[1] + " (" + store[0] + ")";
      emails.add(
          new StoreReportEmail(
              manager.email().orElseThrow(),
              manager.language(),
              text.get("email.subject", name, text.date(from), text.date(to)),
              text.get("email.body", name, text.date(from), text.date(to), links.overview()),
              "tailor-" + store[0] + "-" + from + "-" + to + ".pdf",
              pdf.toByteArray()));
    }
    return emails;
  }

  /** Renders and hands over one store's weekly emails; returns how many were handed over. */
  public int send(long storeId, LocalDate sendDay, ReportMailbox mailbox) {
    List<StoreReportEmail> emails = render(storeId, sendDay);
    emails.forEach(mailbox::send);
    return emails.size();
  }

  /** {@code {code, name, time zone}} of a store. */
  private String[] store(long storeId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select code, name, time_zone from store where id = ?")) {
      s.setLong(1, storeId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new IllegalArgumentException("no store with id " + storeId);
        }
        return new String[] {r.getString(1), r.getString(2), r.getString(3)};
      }
    } catch (SQLException e) {
      throw new IllegalStateException("store " + storeId + " could not be read", e);
    }
  }
}
