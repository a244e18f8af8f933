package org.tailor.server.permission;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.validation.Check;
import org.tailor.server.validation.NotFoundException;

/**
 * Shoppers and addresses never to be contacted on any channel, whatever their consents say (a
 * complaint, a legal request, a bounced address). The permission gate reads it for every message.
 */
public final class DoNotContactList {

  /** One entry: a shopper (by loyalty id) or an address, with why and who put it there. */
  public record Entry(
      Optional<String> loyaltyId,
      Optional<String> address,
      String reason,
      String source,
      Instant addedAt) {}

  private final Database database;
  private final Clock clock;

  public DoNotContactList(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** An address as it is compared: without surrounding blanks, email addresses in lower case. */
  public static String normalise(String address) {
    String stripped = address.strip();
    return stripped.contains("@") ? stripped.toLowerCase(Locale.ROOT) : stripped.replace(" ", "");
  }

  /** Puts a shopper on the list; throws {@link NotFoundException} for an unknown shopper. */
  public void addShopper(String identifier, String reason, String source) {
    String why = Check.text("reason", reason, 200);
    String who = Check.text("source", source, 100);
    Instant now = clock.instant();
    database.inTransaction(
        session -> {
          Shopper shopper =
              ShopperService.find(session, identifier)
                  .orElseThrow(() -> new NotFoundException("kind.shopper", identifier));
          // the shopper lock the permission gate takes: a send in flight finishes first, and every
          // later one sees the entry
          session.lock(shopper, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
          return Jdbc.on(
              session,
              c ->
                  Jdbc.insert(
                      c,
                      "INSERT INTO do_not_contact (shopper_id, address, reason, source, added_at)"
                          + " VALUES (?, NULL, ?, ?, ?)",
                      shopper.getId(),
                      why,
                      who,
                      now));
        });
  }

  /** Puts an address (email, phone number) on the list. */
  public void addAddress(String address, String reason, String source) {
    String normalised = normalise(Check.text("address", address, 200));
    String why = Check.text("reason", reason, 200);
    String who = Check.text("source", source, 100);
    Instant now = clock.instant();
    database.inTransaction(
        session ->
            Jdbc.on(
                session,
                c ->
                    Jdbc.insert(
                        c,
                        "INSERT INTO do_not_contact (shopper_id, address, reason, source, added_at)"
                            + " VALUES (NULL, ?, ?, ?, ?)",
                        normalised,
                        why,
                        who,
                        now)));
  }

  /** Every entry, oldest first. */
  public List<Entry> entries() {
    return database.read(
        session ->
            Jdbc.on(
                session,
                c ->
                    Jdbc.list(
                        c,
                        "SELECT s.loyalty_id, d.address, d.reason, d.source, d.added_at"
                            + " FROM do_not_contact d LEFT JOIN shopper s ON s.id = d.shopper_id"
                            + " ORDER BY d.id",
                        row ->
                            new Entry(
                                Optional.ofNullable(row.getString(1)),
                                Optional.ofNullable(row.getString(2)),
                                row.getString(3),
                                row.getString(4),
                                Jdbc.instant(row, "added_at").orElseThrow()))));
  }
}
