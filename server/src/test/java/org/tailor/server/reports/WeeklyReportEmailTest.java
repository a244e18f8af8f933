package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.channel.email.EmailChannel;
import org.tailor.plugin.host.MessageLinks;
import org.tailor.server.access.NewUser;
import org.tailor.server.access.UserRole;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.plugins.ModuleBundles;
import org.tailor.server.plugins.PluginHost;

/**
 * The weekly store report emailed through the email channel bundle installed in a running Felix
 * framework, to GreenMail (a real SMTP server): once per store and week, across a restart; and
 * nothing sent, with the reason, while no email channel plugin is installed.
 */
class WeeklyReportEmailTest {

  /** Tuesday 2026-03-10 09:00 UTC: Monday's 07:00 has passed in every fixture store's zone. */
  private static final Instant TUESDAY = Instant.parse("2026-03-10T09:00:00Z");

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

  @TempDir static Path dir;
  private static ReportsTestServer server;
  @TempDir Path root;
  private PluginHost host;

  @BeforeAll
  static void startReports() throws Exception {
    server = new ReportsTestServer(dir);
  }

  @AfterAll
  static void stopReports() {
    server.close();
  }

  @BeforeEach
  void startHost() throws Exception {
    Path config = root.resolve("config");
    Files.createDirectories(config);
    Files.writeString(
        config.resolve("tailor.channel.email.cfg"),
        "smtp.host = 127.0.0.1\nsmtp.port = "
            + SMTP.getSmtp().getPort()
            + "\nfrom = reports@shop.example\n");
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    config.toString(),
                    "tailor.plugins.bundled",
                    "",
                    PluginHost.POLL_SETTING,
                    "50")));
    host.registerHostService(
        MessageLinks.class,
        (loyaltyId, channel, purpose) -> URI.create("https://example.org/u?" + loyaltyId));
    host.start();
    update("delete from report_email_sent");
    update("delete from report_email_week");
  }

  @AfterEach
  void stopHost() {
    host.close();
  }

  private WeeklyReportMailer mailer(Instant now) {
    return new WeeklyReportMailer(
        server.database.dataSource(),
        new WeeklyStoreReports(
            server.database.dataSource(),
            new ReportQueries(server.database.dataSource(), 0.95, 50),
            server.users,
            URI.create("https://tailor.example/reports/")),
        new StaffMailReportMailbox(host::staffMail),
        DayOfWeek.MONDAY,
        LocalTime.of(7, 0),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void theManagerGetsTheStoresWeekWithThePdfOncePerWeek() throws Exception {
    ModuleBundles.drop(EmailChannel.class, root.resolve("data/plugins"), "channel-email.jar");
    await().atMost(Duration.ofSeconds(60)).until(() -> host.staffMail().isPresent());

    WeeklyReportMailer.Run run = mailer(TUESDAY).sendDue();

    assertThat(run.notSent()).isEmpty();
    assertThat(run.failures()).isEmpty();
    assertThat(run.emails()).isEqualTo(1);
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage mail = received[0];
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("maria@example.org");
    assertThat(mail.getSubject()).contains("Northgate (north-1)").contains("Mar 2, 2026");
    assertThat(mail.getHeader("Content-Language")).containsExactly("en");
    // operational mail, not marketing: no unsubscribe header
    assertThat(mail.getHeader("List-Unsubscribe")).isNull();
    Multipart parts = (Multipart) mail.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat((String) parts.getBodyPart(0).getContent())
        .contains("https://tailor.example/reports/overview?from=2026-03-02&to=2026-03-08&store=");
    BodyPart pdf = parts.getBodyPart(1);
    assertThat(pdf.getFileName()).isEqualTo("tailor-north-1-2026-03-02-2026-03-08.pdf");
    assertThat(pdf.getContentType()).startsWith("application/pdf");
    try (InputStream in = pdf.getInputStream()) {
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    // later the same week, and after a restart (a new mailer over the same database): not again
    assertThat(mailer(TUESDAY.plus(Duration.ofHours(30))).sendDue().emails()).isZero();
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
    assertThat(count("select count(*) from report_email_week where emails = 1")).isEqualTo(1);
    // the next week: again
    assertThat(mailer(TUESDAY.plus(Duration.ofDays(7))).sendDue().emails()).isEqualTo(1);
    assertThat(SMTP.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aPartialSendGoesOnlyToThoseWhoDidNotGetItWhenTriedAgain() throws Exception {
    ModuleBundles.drop(EmailChannel.class, root.resolve("data/plugins"), "channel-email.jar");
    await().atMost(Duration.ofSeconds(60)).until(() -> host.staffMail().isPresent());
    server.users.create(
        new NewUser(
            "zoe",
            "Zoe North",
            ReportsTestServer.PASSWORD,
            UserRole.STORE_MANAGER,
            Optional.empty(),
            List.of("north-1"),
            "es",
            Optional.of("zoe@example.org")));
    // an address the mail library refuses: sending to Zoe fails, María's goes out
    update("update app_user set email = 'zoe at example.org' where username = 'zoe'");
    try {
      WeeklyReportMailer.Run first = mailer(TUESDAY).sendDue();

      assertThat(first.emails()).isEqualTo(1);
      assertThat(first.failures()).singleElement().asString().contains("zoe at example.org");
      assertThat(recipients()).containsExactly("maria@example.org");

      // the next check tries the week again: not María again, Zoe still fails
      WeeklyReportMailer.Run second = mailer(TUESDAY.plus(Duration.ofMinutes(15))).sendDue();
      assertThat(second.emails()).isZero();
      assertThat(second.failures()).hasSize(1);
      assertThat(recipients()).containsExactly("maria@example.org");

      // Zoe's address corrected: she gets it, once, and the week is done
      update("update app_user set email = 'zoe@example.org' where username = 'zoe'");
      assertThat(mailer(TUESDAY.plus(Duration.ofMinutes(30))).sendDue().emails()).isEqualTo(1);
      assertThat(mailer(TUESDAY.plus(Duration.ofMinutes(45))).sendDue().emails()).isZero();
      assertThat(recipients()).containsExactlyInAnyOrder("maria@example.org", "zoe@example.org");
      assertThat(
              count(
                  "select count(*) from report_email_week"
                      + " where emails = 2 and done_at is not null"))
          .isEqualTo(1);
    } finally {
      server.users.disable("zoe");
    }
  }

  @Test
  void aWeekClaimedByAServerThatCrashedBeforeSendingGoesOutOnceTheLeaseRunsOut() throws Exception {
    ModuleBundles.drop(EmailChannel.class, root.resolve("data/plugins"), "channel-email.jar");
    await().atMost(Duration.ofSeconds(60)).until(() -> host.staffMail().isPresent());

    // a server claimed north-1's week and crashed before sending anything
    assertThat(mailer(TUESDAY).claim(server.chain.northOne, LocalDate.of(2026, 3, 9), TUESDAY))
        .isPresent();

    // while its lease runs, the others leave the week alone (its holder may still be sending)
    assertThat(mailer(TUESDAY.plus(Duration.ofMinutes(5))).sendDue().emails()).isZero();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    // once the lease ran out, the next check sends it, once
    Instant later = TUESDAY.plus(WeeklyReportMailer.LEASE).plus(Duration.ofMinutes(1));
    assertThat(mailer(later).sendDue().emails()).isEqualTo(1);
    assertThat(mailer(later.plus(Duration.ofMinutes(15))).sendDue().emails()).isZero();
    assertThat(recipients()).containsExactly("maria@example.org");
  }

  @Test
  void withoutTheEmailPluginNothingIsSentAndTheRunSaysWhy() throws Exception {
    WeeklyReportMailer.Run run = mailer(TUESDAY).sendDue();

    assertThat(run.emails()).isZero();
    assertThat(run.notSent()).hasValueSatisfying(why -> assertThat(why).contains("channel-email"));
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    // the week stays unclaimed: it goes out once the plugin is there
    assertThat(count("select count(*) from report_email_week")).isZero();
  }

  @Test
  void theSendingMomentIsTheConfiguredDayAndTimeInTheStoresZone() {
    ZoneId taipei = ZoneId.of("Asia/Taipei");
    // Monday 2026-03-09 06:59 in Taipei: last week's Friday 18:30 is the latest moment passed
    assertThat(
            WeeklyReportMailer.lastSendingAtOrBefore(
                ZonedDateTime.of(2026, 3, 9, 6, 59, 0, 0, taipei).toInstant(),
                taipei,
                DayOfWeek.FRIDAY,
                LocalTime.of(18, 30)))
        .isEqualTo(ZonedDateTime.of(2026, 3, 6, 18, 30, 0, 0, taipei));
    // exactly at the moment: that moment
    assertThat(
            WeeklyReportMailer.lastSendingAtOrBefore(
                ZonedDateTime.of(2026, 3, 9, 7, 0, 0, 0, taipei).toInstant(),
                taipei,
                DayOfWeek.MONDAY,
                LocalTime.of(7, 0)))
        .isEqualTo(ZonedDateTime.of(2026, 3, 9, 7, 0, 0, 0, taipei));
  }

  private static List<String> recipients() throws Exception {
    List<String> to = new ArrayList<>();
    for (MimeMessage message : SMTP.getReceivedMessages()) {
      to.add(message.getAllRecipients()[0].toString());
    }
    return to;
  }

  private static void update(String sql) throws SQLException {
    try (Connection c = server.database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.executeUpdate();
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = server.database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }
}
