package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeeklyStoreReportsTest {

  @TempDir static Path dir;
  private static ReportsTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new ReportsTestServer(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void sendsOnMondayAtSevenInTheStoresTimeZone() {
    ZoneId london = ZoneId.of("Europe/London");
    // Wednesday 2026-03-04 12:00 UTC → Monday 2026-03-09 07:00 London
    assertThat(WeeklyStoreReports.nextSendingAfter(Instant.parse("2026-03-04T12:00:00Z"), london))
        .isEqualTo(ZonedDateTime.of(2026, 3, 9, 7, 0, 0, 0, london));
    // exactly at the moment: the next week
    assertThat(WeeklyStoreReports.nextSendingAfter(Instant.parse("2026-03-09T07:00:00Z"), london))
        .isEqualTo(ZonedDateTime.of(2026, 3, 16, 7, 0, 0, 0, london));
    // Monday 05:00 UTC is before 07:00 in Taipei? No: 13:00 there, so the next Monday
    ZoneId taipei = ZoneId.of("Asia/Taipei");
    assertThat(WeeklyStoreReports.nextSendingAfter(Instant.parse("2026-03-08T22:00:00Z"), taipei))
        .isEqualTo(ZonedDateTime.of(2026, 3, 9, 7, 0, 0, 0, taipei));
  }

  @Test
  void rendersTheStoresWeekForItsManagerWithThePdf() {
    WeeklyStoreReports weekly =
        new WeeklyStoreReports(
            server.database.dataSource(),
            new ReportQueries(server.database.dataSource(), 0.95, 50),
            server.users,
            URI.create("http://tailor.example/reports/"));
    List<StoreReportEmail> sent = new ArrayList<>();

    int count = weekly.send(server.chain.northOne, LocalDate.of(2026, 3, 9), sent::add);

    assertThat(count).isEqualTo(1);
    StoreReportEmail email = sent.get(0);
    assertThat(email.to()).isEqualTo("maria@example.org");
    assertThat(email.subject()).contains("Northgate (north-1)").contains("Mar 2, 2026");
    assertThat(email.body())
        .contains("http://tailor.example/reports/overview?from=2026-03-02&to=2026-03-08&store=");
    assertThat(new String(email.pdf(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(email.pdfName()).isEqualTo("tailor-north-1-2026-03-02-2026-03-08.pdf");
    // a store without a manager with an email gets no email
    assertThat(weekly.render(server.chain.southOne, LocalDate.of(2026, 3, 9))).isEmpty();
  }
}
