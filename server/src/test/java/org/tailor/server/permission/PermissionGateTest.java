package org.tailor.server.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;

/** The permission gate on a real database: consent, opt-in, do-not-contact, quiet hours, caps. */
class PermissionGateTest {

  private static final Instant NOW = Instant.parse("2026-03-02T21:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path root;
  private Database database;
  private DatabaseSettings databaseSettings;
  private ChainFixture chain;
  private ShopperService shoppers;
  private long madrid;
  private long newYork;

  /** The database the test runs on: embedded H2 here, MariaDB in a subclass. */
  DatabaseSettings databaseSettings() {
    return TestDatabases.h2(root.resolve("db"));
  }

  @BeforeEach
  void setUp() {
    databaseSettings = databaseSettings();
    database = Database.open(databaseSettings);
    chain = new ChainFixture(database);
    shoppers = new ShopperService(database, new RfmCutPointRefresher(database, CLOCK), CLOCK);
    long store = chain.store("S1"); // Europe/Madrid
    madrid = chain.shopper("L-MAD", "Ana", "García", "es");
    newYork = chain.shopper("L-NYC", "Bob", "Smith", "en");
    update("UPDATE shopper SET home_store_id = ? WHERE id = ?", store, madrid);
    update("UPDATE shopper SET time_zone = 'America/New_York' WHERE id = ?", newYork);
    for (String loyaltyId : List.of("L-MAD", "L-NYC")) {
      shoppers.recordConsent(
          loyaltyId, new ConsentChange("sms", "offers", "granted", "test", NOW.minusSeconds(60)));
    }
  }

  @AfterEach
  void tearDown() {
    database.close();
    TestDatabases.drop(databaseSettings);
  }

  private void update(String sql, Object... args) {
    database.inTransaction(session -> Jdbc.on(session, c -> Jdbc.update(c, sql, args)));
  }

  private Verdict check(PermissionGate gate, long shopper, String channel, String address) {
    return database.inTransaction(
        session ->
            gate.check(
                session, new ContactRequest("m-1", shopper, channel, "offers", address), NOW));
  }

  @Test
  void quietHoursAreReadInTheShoppersZoneElseTheirStoresZone() {
    PermissionGate gate =
        new PermissionGate(
            new ContactRules(Optional.of(QuietHours.parse("21:00-08:00")), List.of()),
            ZoneId.of("UTC"));
    // 22:30 in Madrid (the home store's zone): quiet until 08:00 Madrid time
    assertThat(check(gate, madrid, "sms", "+34600111222"))
        .isEqualTo(new Verdict.Refused(Refusal.QUIET_HOURS, Instant.parse("2026-03-03T07:00:00Z")));
    // 16:30 in New York (the shopper's own zone): fine
    assertThat(check(gate, newYork, "sms", "+12125550100")).isInstanceOf(Verdict.Permitted.class);
  }

  @Test
  void refusesWithoutConsentAndAfterAWithdrawal() {
    PermissionGate gate = new PermissionGate(ContactRules.none(), ZoneId.of("UTC"));
    assertThat(check(gate, madrid, "push", "L-MAD"))
        .isEqualTo(new Verdict.Refused(Refusal.NO_CONSENT, NOW));
    shoppers.recordConsent("L-MAD", new ConsentChange("sms", "offers", "revoked", "test", NOW));
    assertThat(check(gate, madrid, "sms", "+34600111222"))
        .isEqualTo(new Verdict.Refused(Refusal.NO_CONSENT, NOW));
  }

  @Test
  void theDoNotContactListWinsOverConsent() {
    PermissionGate gate = new PermissionGate(ContactRules.none(), ZoneId.of("UTC"));
    DoNotContactList list = new DoNotContactList(database, CLOCK);
    list.addAddress(" +34 600 111 222 ", "complaint", "call centre");
    assertThat(check(gate, madrid, "sms", "+34600111222"))
        .isEqualTo(new Verdict.Refused(Refusal.DO_NOT_CONTACT, NOW));
    assertThat(check(gate, madrid, "sms", "+34600999999")).isInstanceOf(Verdict.Permitted.class);
    list.addShopper("L-MAD", "legal request", "dpo");
    assertThat(check(gate, madrid, "sms", "+34600999999"))
        .isEqualTo(new Verdict.Refused(Refusal.DO_NOT_CONTACT, NOW));
    assertThat(list.entries()).hasSize(2);
  }

  @Test
  void frequencyCapsCountDeliveredMessagesInTheRollingPeriod() {
    PermissionGate gate =
        new PermissionGate(
            new ContactRules(
                Optional.empty(), List.of(new FrequencyCap("sms", Duration.ofDays(1), 2))),
            ZoneId.of("UTC"));
    for (int i = 1; i <= 2; i++) {
      update(
          "INSERT INTO outbox_message (message_id, shopper_id, channel, purpose, address, subject,"
              + " body, offer_codes, origin, status, attempts, next_attempt_at, created_at,"
              + " updated_at, delivered_at) VALUES (?, ?, 'sms', 'offers', 'x', '', 'b', '',"
              + " 'test', 'delivered', 1, ?, ?, ?, ?)",
          "old-" + i,
          madrid,
          NOW,
          NOW,
          NOW,
          NOW.minus(Duration.ofHours(10 - i)));
    }
    assertThat(check(gate, madrid, "sms", "+34600111222"))
        .isEqualTo(
            new Verdict.Refused(
                Refusal.FREQUENCY_CAP, NOW.minus(Duration.ofHours(9)).plus(Duration.ofDays(1))));
    assertThat(check(gate, newYork, "sms", "+12125550100")).isInstanceOf(Verdict.Permitted.class);
  }

  @Test
  void emailNeedsAConfirmedDoubleOptIn() {
    PermissionGate gate = new PermissionGate(ContactRules.none(), ZoneId.of("UTC"));
    EmailOptIn optIn = new EmailOptIn(database, shoppers, Duration.ofDays(3), CLOCK);
    shoppers.recordConsent(
        "L-MAD", new ConsentChange("email", "offers", "granted", "kiosk", NOW.minusSeconds(5)));
    assertThat(check(gate, madrid, "email", "ana@example.org"))
        .isEqualTo(new Verdict.Refused(Refusal.ADDRESS_NOT_CONFIRMED, NOW));

    EmailOptIn.Issued issued = optIn.request("L-MAD", "Ana@Example.org");
    assertThat(issued.address()).isEqualTo("ana@example.org");
    // the confirmation itself may go; offers may not yet
    Verdict confirmation =
        database.inTransaction(
            session ->
                gate.check(
                    session,
                    new ContactRequest(
                        "c-1", madrid, "email", PermissionGate.OPT_IN, "ana@example.org"),
                    NOW));
    assertThat(confirmation).isInstanceOf(Verdict.Permitted.class);

    EmailOptIn.Confirmed confirmed = optIn.confirm(issued.token());
    assertThat(confirmed.loyaltyId()).isEqualTo("L-MAD");
    assertThat(check(gate, madrid, "email", "ana@example.org"))
        .isInstanceOf(Verdict.Permitted.class);
    assertThat(optIn.confirm(issued.token()).address()).isEqualTo("ana@example.org");
    assertThat(shoppers.shopper360("L-MAD").orElseThrow().consentHistory())
        .anySatisfy(change -> assertThat(change.source()).isEqualTo("double-opt-in"));
  }

  @Test
  void anExpiredOrUnknownOptInTokenIsRefused() {
    EmailOptIn.Issued issued =
        new EmailOptIn(database, shoppers, Duration.ofDays(3), CLOCK).request("L-MAD", "a@b.org");
    EmailOptIn later =
        new EmailOptIn(
            database,
            shoppers,
            Duration.ofDays(3),
            Clock.fixed(NOW.plus(Duration.ofDays(3)), ZoneOffset.UTC));
    assertThatThrownBy(() -> later.confirm(issued.token()))
        .isInstanceOfSatisfying(
            InvalidLinkException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.EXPIRED));
    assertThatThrownBy(() -> later.confirm("no-such-token"))
        .isInstanceOfSatisfying(
            InvalidLinkException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.UNKNOWN));
    assertThatThrownBy(
            () ->
                new EmailOptIn(database, shoppers, Duration.ofDays(3), CLOCK)
                    .request("L-MAD", "not an address"))
        .isInstanceOf(org.tailor.server.validation.InvalidInputException.class)
        .hasMessageContaining("not an address");
  }

  @Test
  void theUnsubscribePageIsLocalisedAndRightToLeftInPersian() {
    chain.shopper("L-FA", "Sara", "Ahmadi", "fa");
    UnsubscribeLinks links =
        new UnsubscribeLinks(
            "a test key that is long enough for HMAC-SHA256".getBytes(),
            Duration.ofDays(30),
            java.net.URI.create("http://127.0.0.1:8080/"),
            CLOCK);
    PermissionPages pages =
        new PermissionPages(
            links, new EmailOptIn(database, shoppers, Duration.ofDays(3), CLOCK), shoppers, CLOCK);
    shoppers.recordConsent(
        "L-FA", new ConsentChange("sms", "offers", "granted", "test", NOW.minusSeconds(5)));
    String token = links.token("L-FA", "sms", "offers");

    String ask = (String) pages.askToUnsubscribe(token, "en").getEntity();
    assertThat(ask).contains("lang=\"fa\"", "dir=\"rtl\"", "لغو اشتراک", "method=\"post\"");

    jakarta.ws.rs.core.Response done = pages.unsubscribe(token, "en");
    assertThat(done.getStatus()).isEqualTo(200);
    assertThat((String) done.getEntity()).contains("dir=\"rtl\"", "اشتراک شما لغو شد");
    assertThat(shoppers.shopper360("L-FA").orElseThrow().consents())
        .anySatisfy(
            consent -> {
              assertThat(consent.channel()).isEqualTo("sms");
              assertThat(consent.status()).isEqualTo("revoked");
              assertThat(consent.source()).isEqualTo("unsubscribe-link");
            });

    jakarta.ws.rs.core.Response bad = pages.unsubscribe(token + "x", "zh-TW");
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat((String) bad.getEntity()).contains("lang=\"zh-TW\"", "dir=\"ltr\"", "此連結無效");
  }
}
