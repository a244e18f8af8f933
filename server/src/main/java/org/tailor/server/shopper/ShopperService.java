package org.tailor.server.shopper;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.hibernate.Session;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.persistence.Database;
import org.tailor.server.validation.Check;
import org.tailor.server.validation.NotFoundException;

/**
 * Finds shoppers by anything they identify with, assembles their 360 and keeps their consents.
 *
 * <p>A shopper is found by loyalty id first, then by any other identifier (card, QR code, phone
 * number, email address) in the forms it may be stored in. Every query of the 360 reads one
 * shopper's rows through an index, so it answers in milliseconds whatever the size of the chain.
 */
public final class ShopperService {

  /** Consent statuses. */
  public static final List<String> CONSENT_STATUSES = List.of("granted", "revoked");

  /** Fetches what a profile needs with the shopper, in the same query. */
  private static final String WITH_PROFILE =
      " left join fetch s.homeStore left join fetch s.attributes"
          + " left join fetch s.preferredCategories";

  private final Database database;
  private final RfmCutPointRefresher rfm;
  private final Clock clock;
  private final Shopper360Reader reader;
  private final LongConsumer changed;

  public ShopperService(Database database, RfmCutPointRefresher rfm, Clock clock) {
    this(database, rfm, clock, shopperId -> {});
  }

  /**
   * @param changed told the id of every shopper this service changed (a consent), after the change
   *     committed, such as the decision pipeline's cache
   */
  public ShopperService(
      Database database, RfmCutPointRefresher rfm, Clock clock, LongConsumer changed) {
    this.database = database;
    this.rfm = rfm;
    this.clock = clock;
    this.reader = new Shopper360Reader(database.dataSource());
    this.changed = changed;
  }

  /**
   * The 360 of the shopper with this loyalty id or other identifier; empty if nobody has it. Read
   * with plain JDBC in a few statements (see {@link Shopper360Reader}), not through the ORM.
   */
  public Optional<Shopper360> shopper360(String identifier) {
    return reader.read(identifier, rfm.current(), clock.instant());
  }

  /** What a plugin may know of the shopper with this identifier; empty if nobody has it. */
  public Optional<ShopperProfile> profile(String identifier) {
    return database.read(session -> find(session, identifier).map(ShopperService::profileOf));
  }

  /** What a plugin may know of a shopper. */
  public static ShopperProfile profileOf(Shopper shopper) {
    return new ShopperProfile(
        shopper.getLoyaltyId(),
        shopper.getFirstName(),
        shopper.getLanguage(),
        shopper.getBirthday(),
        shopper.getPreferredCategories().stream().sorted().toList(),
        shopper.getAttributes());
  }

  /**
   * Records a consent given or withdrawn: appends it to the shopper's consent history and makes it
   * the current state, unless the current state was set by a later change (a late-arriving change
   * still goes into the history). Throws {@link NotFoundException} for an unknown shopper.
   */
  public void recordConsent(String identifier, ConsentChange change) {
    ConsentChange valid = validate(change);
    Instant recordedAt = clock.instant();
    long shopperId =
        database.inTransaction(
            session -> {
              Shopper shopper =
                  find(session, identifier)
                      .orElseThrow(() -> new NotFoundException("kind.shopper", identifier));
              // Serialises consent changes of one shopper, so that two first changes of the same
              // consent cannot both insert it; the locking read below then sees the latest state
              // (a plain read would see this transaction's older snapshot on MariaDB).
              session.lock(shopper, LockModeType.PESSIMISTIC_WRITE);
              Optional<Consent> current =
                  session
                      .createSelectionQuery(
                          "from Consent where shopper = :s and channel = :c and purpose = :p",
                          Consent.class)
                      .setParameter("s", shopper)
                      .setParameter("c", valid.channel())
                      .setParameter("p", valid.purpose())
                      .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                      .uniqueResultOptional();
              current.ifPresentOrElse(
                  consent -> consent.apply(valid),
                  () -> session.persist(new Consent(shopper, valid)));
              session.persist(new ConsentEvent(shopper, valid, recordedAt));
              return shopper.getId();
            });
    changed.accept(shopperId);
  }

  /**
   * The shopper with this loyalty id or other identifier, inside the caller's session. When an
   * identifier is registered to several shoppers under different kinds, the kind first in {@link
   * ShopperIdentifier#KINDS} wins.
   */
  public static Optional<Shopper> find(Session session, String identifier) {
    if (identifier == null || identifier.isBlank()) {
      return Optional.empty();
    }
    Optional<Shopper> byLoyaltyId =
        session
            .createSelectionQuery(
                "from Shopper s" + WITH_PROFILE + " where s.loyaltyId = :id", Shopper.class)
            .setParameter("id", identifier.strip())
            .uniqueResultOptional();
    if (byLoyaltyId.isPresent()) {
      return byLoyaltyId;
    }
    Set<String> forms = ShopperIdentifier.lookupForms(identifier);
    return session
        .createSelectionQuery(
            "from ShopperIdentifier i join fetch i.shopper s"
                + WITH_PROFILE
                + " where i.value in :forms",
            ShopperIdentifier.class)
        .setParameter("forms", forms)
        .getResultList()
        .stream()
        .min(Comparator.comparingInt(i -> kindRank(i.getKind())))
        .map(ShopperIdentifier::getShopper);
  }

  /** The position of an identifier kind in {@link ShopperIdentifier#KINDS}; unknown kinds last. */
  public static int kindRank(String kind) {
    int rank = ShopperIdentifier.KINDS.indexOf(kind);
    return rank < 0 ? Integer.MAX_VALUE : rank;
  }

  private static ConsentChange validate(ConsentChange change) {
    Check.present("consent", change);
    return new ConsentChange(
        Check.code("channel", change.channel(), 32),
        Check.code("purpose", change.purpose(), 32),
        Check.oneOf("status", change.status(), CONSENT_STATUSES),
        Check.text("source", change.source(), 100),
        Check.present("occurredAt", change.occurredAt()));
  }
}
