package org.tailor.server.trigger;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.tailor.plugin.host.MessageLinks;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.template.MessageTemplates;

/** Offers, consents and a trigger runner for trigger tests, on a real database. */
final class TriggerFixture {

  static final MessageLinks LINKS =
      (loyaltyId, channel, purpose) ->
          URI.create("https://offers.example.org/links/unsubscribe?token=" + loyaltyId);

  private TriggerFixture() {}

  static void offer(Database database, String code, Instant from, Instant until) {
    Instant created = from;
    database.inTransaction(
        session ->
            Jdbc.on(
                session,
                c -> {
                  long id =
                      Jdbc.insert(
                          c,
                          "INSERT INTO offer (code, name, kind, discount_amount, valid_from,"
                              + " valid_until, status, version, created_at, updated_at)"
                              + " VALUES (?, ?, 'coupon', 5.00, ?, ?, 'active', 1, ?, ?)",
                          code,
                          code,
                          from,
                          until,
                          created,
                          created);
                  for (Map.Entry<String, String[]> text :
                      Map.of(
                              "en", new String[] {"A gift for you", "5 off your next basket"},
                              "es", new String[] {"Un regalo", "5 de descuento en su cesta"})
                          .entrySet()) {
                    Jdbc.update(
                        c,
                        "INSERT INTO offer_text (offer_id, language, headline, body)"
                            + " VALUES (?, ?, ?, ?)",
                        id,
                        text.getKey(),
                        text.getValue()[0],
                        text.getValue()[1]);
                  }
                  return id;
                }));
  }

  static void grant(Database database, long shopperId, String channel, Instant at) {
    database.inTransaction(
        session ->
            Jdbc.on(
                session,
                c ->
                    Jdbc.update(
                        c,
                        "INSERT INTO consent (shopper_id, channel, purpose, status, source,"
                            + " updated_at) VALUES (?, ?, 'offers', 'granted', 'test', ?)",
                        shopperId,
                        channel,
                        at)));
  }

  static TriggerRunner runner(
      Database database, TriggerSettings settings, AliveProbabilities alive, Clock clock) {
    return new TriggerRunner(
        database,
        MessageTemplates.load(Path.of("../config/templates"), "EUR", "en"),
        LINKS,
        settings,
        alive,
        "en",
        ZoneId.of("Europe/Madrid"),
        clock);
  }
}
