package org.tailor.server.permission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.validation.Check;
import org.tailor.server.validation.NotFoundException;

/**
 * Email double opt-in: a request stores a one-time token (only its SHA-256) and the host sends the
 * token to the address; confirming it grants the shopper's email consent for offers and marks the
 * address confirmed. Until then the permission gate sends that address nothing but the confirmation
 * itself.
 */
public final class EmailOptIn {

  /** An opt-in to confirm: the raw token goes only into the confirmation message. */
  public record Issued(String loyaltyId, String address, String token, Instant expiresAt) {}

  /** A confirmed opt-in. */
  public record Confirmed(String loyaltyId, String address, String language) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database database;
  private final ShopperService shoppers;
  private final Duration validity;
  private final Clock clock;

  public EmailOptIn(Database database, ShopperService shoppers, Duration validity, Clock clock) {
    this.database = database;
    this.shoppers = shoppers;
    this.validity = validity;
    this.clock = clock;
  }

  /** Starts an opt-in for an address; throws {@link NotFoundException} for an unknown shopper. */
  public Issued request(String identifier, String address) {
    String normalised = DoNotContactList.normalise(Check.text("address", address, 200));
    if (!normalised.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw new org.tailor.server.validation.InvalidInputException(
          "address", address, org.tailor.server.i18n.Message.of("permission", "expected.email"));
    }
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(validity);
    String loyaltyId =
        database.inTransaction(
            session -> {
              Shopper shopper =
                  ShopperService.find(session, identifier)
                      .orElseThrow(() -> new NotFoundException("kind.shopper", identifier));
              Jdbc.on(
                  session,
                  c ->
                      Jdbc.insert(
                          c,
                          "INSERT INTO email_opt_in (shopper_id, address, token_hash, requested_at,"
                              + " expires_at) VALUES (?, ?, ?, ?, ?)",
                          shopper.getId(),
                          normalised,
                          hash(token),
                          now,
                          expiresAt));
              return shopper.getLoyaltyId();
            });
    return new Issued(loyaltyId, normalised, token, expiresAt);
  }

  /**
   * Confirms an opt-in: grants the email consent for offers (source {@code double-opt-in}) and
   * marks the address confirmed. Confirming twice is harmless; an unknown or expired token is an
   * {@link InvalidLinkException}.
   */
  public Confirmed confirm(String token) {
    if (token == null || token.isBlank() || token.length() > 200) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.MALFORMED);
    }
    Instant now = clock.instant();
    record Pending(
        long id,
        String loyaltyId,
        String address,
        String language,
        Instant expiresAt,
        boolean confirmed) {}
    Optional<Pending> found =
        database.read(
            session ->
                Jdbc.on(
                    session,
                    c ->
                        Jdbc.first(
                            c,
                            "SELECT o.id, s.loyalty_id, o.address, s.language, o.expires_at,"
                                + " o.confirmed_at FROM email_opt_in o JOIN shopper s"
                                + " ON s.id = o.shopper_id WHERE o.token_hash = ?",
                            row ->
                                new Pending(
                                    row.getLong(1),
                                    row.getString(2),
                                    row.getString(3),
                                    row.getString(4),
                                    Jdbc.instant(row, "expires_at").orElseThrow(),
                                    Jdbc.instant(row, "confirmed_at").isPresent()),
                            hash(token))));
    Pending pending =
        found.orElseThrow(
            () -> new InvalidLinkException(token, InvalidLinkException.Problem.UNKNOWN));
    if (!pending.confirmed() && !now.isBefore(pending.expiresAt())) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.EXPIRED);
    }
    if (!pending.confirmed()) {
      shoppers.recordConsent(
          pending.loyaltyId(),
          new ConsentChange(PermissionGate.EMAIL, "offers", "granted", "double-opt-in", now));
      database.inTransaction(
          session ->
              Jdbc.on(
                  session,
                  c ->
                      Jdbc.update(
                          c,
                          "UPDATE email_opt_in SET confirmed_at = ? WHERE id = ?"
                              + " AND confirmed_at IS NULL",
                          now,
                          pending.id())));
    }
    return new Confirmed(pending.loyaltyId(), pending.address(), pending.language());
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
