package org.tailor.server.decision;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.hibernate.Session;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.DecisionListener;
import org.tailor.plugin.host.DecisionLog;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.PresentationRecord;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.server.i18n.Message;
import org.tailor.server.offer.Campaign;
import org.tailor.server.offer.Offer;
import org.tailor.server.offer.OfferService;
import org.tailor.server.persistence.Constraints;
import org.tailor.server.persistence.Database;
import org.tailor.server.redemption.Redemption;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.Store;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.Terminal;
import org.tailor.server.validation.Check;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * The host's {@link DecisionLog}: stores presentations with the probability of each offer shown,
 * and redemptions exactly once per message id, even when a terminal sends the same message twice at
 * the same time (the unique key on the message id decides).
 *
 * <p>A shopper id nobody has is recorded as an anonymous shopper: the fact of the presentation or
 * redemption matters more than the link. An unknown store, terminal, offer or presentation is bad
 * input and is refused with {@link InvalidInputException}; nothing is written.
 *
 * <p>Each stored presentation and each first redemption of a message id is told, after the commit,
 * to the {@link DecisionListener} given (the plugins' decision listeners, in the server).
 */
public final class DatabaseDecisionLog implements DecisionLog {

  private final Database database;
  private final PresentationWriter presentations;
  private final BiConsumer<Long, BigDecimal> redeemed;
  private final LongConsumer shopperRedeemed;
  private final DecisionListener events;

  /** A decision log that tells nobody of what it records. */
  public DatabaseDecisionLog(Database database) {
    this(database, (offerId, discount) -> {}, NobodyListens.INSTANCE);
  }

  /**
   * A decision log that writes its presentations itself.
   *
   * @param redeemed told the offer id and granted discount of every redemption recorded for the
   *     first time, after it committed
   * @param events told of every stored presentation and first redemption, after the commit
   */
  public DatabaseDecisionLog(
      Database database, BiConsumer<Long, BigDecimal> redeemed, DecisionListener events) {
    this(
        database,
        PresentationWriter.direct(database.dataSource()),
        redeemed,
        shopperId -> {},
        events);
  }

  /**
   * @param presentations writes presentations, shared with the decision pipeline: a presentation
   *     recorded here is written before the call returns, and a redemption naming a presentation
   *     the pipeline decided but has not written yet has it written first
   * @param redeemed told the offer id and granted discount of every redemption recorded for the
   *     first time, after it committed (such as {@link
   *     org.tailor.server.offer.OfferCatalogueCache#redeemed})
   * @param shopperRedeemed told the shopper id of every such redemption that has a shopper, after
   *     it committed (such as {@link DecisionCache#shopperChanged})
   * @param events told of every stored presentation and first redemption, after the commit
   */
  public DatabaseDecisionLog(
      Database database,
      PresentationWriter presentations,
      BiConsumer<Long, BigDecimal> redeemed,
      LongConsumer shopperRedeemed,
      DecisionListener events) {
    this.database = database;
    this.presentations = presentations;
    this.redeemed = redeemed;
    this.shopperRedeemed = shopperRedeemed;
    this.events = events;
  }

  /** A presentation checked against the database, ready to be written, and its shopper. */
  private record Checked(
      Optional<Long> shopperId,
      long storeId,
      Optional<Long> terminalId,
      Optional<Long> campaignId,
      List<PresentationWriter.OfferRow> offers,
      Optional<ShopperProfile> shopper) {}

  /**
   * Checks the presentation in a read session, then writes it after that session closed: the writer
   * takes a connection of its own (and one more when it takes a block of ids), so writing inside
   * the session would hold two pooled connections at once, and as many concurrent recordings as the
   * pool has connections would wait on each other until the pool times out.
   */
  @Override
  public String recordPresentation(PresentationRecord record) {
    String channel = Check.code("channel", record.channel(), 32);
    checkRanks(record.offers());
    Checked checked =
        database.read(
            session -> {
              Store store = store(session, record.storeCode());
              Optional<Terminal> terminal = terminal(session, store, record.terminalCode());
              List<PresentationWriter.OfferRow> offers = new ArrayList<>();
              Set<Optional<Long>> campaigns = new HashSet<>();
              for (ShownOffer shown : record.offers()) {
                Offer offer = offer(session, shown.offerCode());
                campaigns.add(offer.getCampaign().map(Campaign::getId));
                offers.add(
                    new PresentationWriter.OfferRow(
                        shown.rank(), offer.getId(), shown.probability(), shown.explanation()));
              }
              Optional<Shopper> shopper =
                  record.loyaltyId().flatMap(id -> ShopperService.find(session, id));
              return new Checked(
                  shopper.map(Shopper::getId),
                  store.getId(),
                  terminal.map(Terminal::getId),
                  campaigns.size() == 1 ? campaigns.iterator().next() : Optional.empty(),
                  offers,
                  shopper.map(ShopperService::profileOf));
            });
    long id = presentations.nextId();
    presentations.writeNow(
        new PresentationWriter.Row(
            id,
            checked.shopperId(),
            checked.storeId(),
            checked.terminalId(),
            channel,
            record.shownAt(),
            false,
            checked.campaignId(),
            checked.offers()));
    String stored = String.valueOf(id);
    events.presented(
        new PresentationEvent(
            stored,
            new DecisionContext(
                checked.shopper(),
                record.storeCode(),
                record.terminalCode(),
                channel,
                record.shownAt()),
            false,
            record.offers()));
    return stored;
  }

  @Override
  public boolean recordRedemption(RedemptionRecord record) {
    String messageId = Check.text("messageId", record.messageId(), 100);
    if (record.basketAmount().signum() < 0) {
      throw new InvalidInputException(
          "basketAmount",
          record.basketAmount().toPlainString(),
          Message.of("errors", "expected.decimal.range", "0", "999999999999.99"));
    }
    if (isRecorded(messageId)) {
      return false;
    }
    record
        .presentationId()
        .flatMap(DatabaseDecisionLog::numericId)
        .ifPresent(presentations::flushIfPending);
    try {
      Redemption recorded =
          database.inTransaction(
              session -> {
                Store store = store(session, record.storeCode());
                Optional<Terminal> terminal = terminal(session, store, record.terminalCode());
                Offer offer = offer(session, record.offerCode());
                Optional<Presentation> presentation =
                    record.presentationId().map(id -> presentation(session, id));
                Optional<Shopper> shopper =
                    record
                        .loyaltyId()
                        .flatMap(id -> ShopperService.find(session, id))
                        .or(() -> presentation.flatMap(Presentation::getShopper));
                BigDecimal basket = record.basketAmount().setScale(2, RoundingMode.HALF_EVEN);
                Redemption redemption =
                    new Redemption(
                        messageId,
                        presentation,
                        offer,
                        shopper,
                        store,
                        terminal,
                        record.redeemedAt(),
                        basket,
                        discount(offer, basket));
                session.persist(redemption);
                return redemption;
              });
      redeemed.accept(recorded.getOffer().getId(), recorded.getDiscountAmount());
      recorded.getShopper().ifPresent(shopper -> shopperRedeemed.accept(shopper.getId()));
    } catch (RuntimeException e) {
      if (Constraints.violated(e) && isRecorded(messageId)) {
        return false;
      }
      throw e;
    }
    events.redeemed(
        new RedemptionEvent(
            messageId,
            record.presentationId().map(String::strip),
            record.offerCode(),
            record.redeemedAt()));
    return true;
  }

  /**
   * The discount granted on a basket: the percentage of it, or the fixed amount up to its total.
   */
  static BigDecimal discount(Offer offer, BigDecimal basket) {
    return offer
        .getDiscountPercent()
        .map(p -> basket.multiply(p).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN))
        .or(() -> offer.getDiscountAmount().map(a -> a.min(basket)))
        .orElse(BigDecimal.ZERO.setScale(2));
  }

  private boolean isRecorded(String messageId) {
    return database.read(
        session ->
            session
                    .createSelectionQuery(
                        "select count(*) from Redemption where messageId = :id", Long.class)
                    .setParameter("id", messageId)
                    .getSingleResult()
                > 0);
  }

  private static Optional<Long> numericId(String id) {
    try {
      return Optional.of(Long.parseLong(id.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty(); // refused as an unknown presentation
    }
  }

  private static void checkRanks(List<ShownOffer> offers) {
    Set<Integer> ranks = new HashSet<>();
    for (ShownOffer offer : offers) {
      if (!ranks.add(offer.rank())) {
        throw new InvalidInputException(
            "offers", offer.rank(), Message.of("domain", "expected.distinct.ranks"));
      }
    }
  }

  private static Store store(Session session, String code) {
    try {
      return StoreService.storeByCode(session, code);
    } catch (NotFoundException e) {
      throw new InvalidInputException(
          "storeCode", code, Message.of("domain", "expected.existing.store"));
    }
  }

  private static Optional<Terminal> terminal(Session session, Store store, Optional<String> code) {
    return code.map(
        c -> {
          try {
            Terminal terminal = StoreService.terminalByCode(session, c);
            if (terminal.getStore().getId().equals(store.getId())) {
              return terminal;
            }
          } catch (NotFoundException e) {
            // reported below, as for a terminal of another store
          }
          throw new InvalidInputException(
              "terminalCode", c, Message.of("domain", "expected.existing.terminal"));
        });
  }

  private static Offer offer(Session session, String code) {
    try {
      return OfferService.offerByCode(session, code);
    } catch (NotFoundException e) {
      throw new InvalidInputException(
          "offerCode", code, Message.of("domain", "expected.existing.offer"));
    }
  }

  private static Presentation presentation(Session session, String id) {
    Presentation presentation = null;
    try {
      presentation = session.find(Presentation.class, Long.parseLong(id.strip()));
    } catch (NumberFormatException e) {
      // reported below, as for an unknown id
    }
    if (presentation == null) {
      throw new InvalidInputException(
          "presentationId", id, Message.of("domain", "expected.existing.presentation"));
    }
    return presentation;
  }
}
