package org.tailor.server.offer;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.hibernate.Session;
import org.tailor.scoring.rules.language.RuleCompiler;
import org.tailor.scoring.rules.language.RuleKind;
import org.tailor.scoring.rules.language.RuleSyntaxException;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Constraints;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.PresentedRows;
import org.tailor.server.store.Store;
import org.tailor.server.store.StoreService;
import org.tailor.server.validation.Check;
import org.tailor.server.validation.ConflictException;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * Offers and the campaigns they belong to: create, read, update and delete, with every field
 * checked and the offending field named. An offer or campaign already shown to shoppers cannot be
 * deleted (its history would be lost); archive the offer instead.
 */
public final class OfferService {

  /** Compiles eligibility rules; the same language the scoring-rules plugin runs. */
  static final RuleCompiler RULES = new RuleCompiler();

  /** Kinds of offer. */
  public static final List<String> KINDS = List.of("percent_off", "amount_off");

  /** Statuses of an offer; only {@code active} offers are shown. */
  public static final List<String> STATUSES = List.of("draft", "active", "paused", "archived");

  private static final BigDecimal CENT = new BigDecimal("0.01");
  private static final BigDecimal HUNDRED = new BigDecimal("100");
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");
  private static final BigDecimal MAX_BUDGET = new BigDecimal("999999999999.99");
  private static final BigDecimal MAX_HOLDOUT = new BigDecimal("0.5");
  private static final int MAX_CAP = 1_000_000;

  private final Database database;
  private final Clock clock;

  private final Runnable changed;

  public OfferService(Database database, Clock clock) {
    this(database, clock, () -> {});
  }

  /**
   * @param changed called after every committed change of an offer or campaign, such as {@link
   *     OfferCatalogueCache#invalidate}
   */
  public OfferService(Database database, Clock clock, Runnable changed) {
    this.database = database;
    this.clock = clock;
    this.changed = changed;
  }

  private <T> T write(Function<Session, T> work) {
    T result = database.inTransaction(work);
    changed.run();
    return result;
  }

  public OfferDetails createOffer(OfferDetails details) {
    OfferDetails valid = validate(details);
    return Constraints.duplicateIsConflict(
        "kind.offer",
        valid.code(),
        () ->
            write(
                session -> {
                  if (findOffer(session, valid.code()).isPresent()) {
                    throw ConflictException.duplicate("kind.offer", valid.code());
                  }
                  Offer offer =
                      new Offer(
                          valid,
                          campaignOf(session, valid),
                          storesOf(session, valid),
                          clock.instant());
                  session.persist(offer);
                  return offer.details();
                }));
  }

  /** Replaces the offer's details; the code may change if the new one is not taken. */
  public OfferDetails updateOffer(String code, OfferDetails details) {
    OfferDetails valid = validate(details);
    return Constraints.duplicateIsConflict(
        "kind.offer",
        valid.code(),
        () ->
            write(
                session -> {
                  Offer offer = offerByCode(session, code);
                  if (!code.equals(valid.code()) && findOffer(session, valid.code()).isPresent()) {
                    throw ConflictException.duplicate("kind.offer", valid.code());
                  }
                  offer.update(
                      valid, campaignOf(session, valid), storesOf(session, valid), clock.instant());
                  session.flush();
                  return offer.details();
                }));
  }

  public OfferDetails offer(String code) {
    return database.read(session -> offerByCode(session, code).details());
  }

  /** Every offer, by code. */
  public List<OfferDetails> offers() {
    return database.read(
        session ->
            session
                .createSelectionQuery(
                    "from Offer o left join fetch o.campaign order by o.code", Offer.class)
                .getResultList()
                .stream()
                .map(Offer::details)
                .toList());
  }

  /** Deletes an offer never shown nor redeemed; otherwise a {@link ConflictException}. */
  public void deleteOffer(String code) {
    inUse(
        "kind.offer",
        code,
        () ->
            write(
                session -> {
                  Offer offer = offerByCode(session, code);
                  if (PresentedRows.lockNamedByPresentations(session, "offer", offer.getId())) {
                    throw inUseConflict("kind.offer", code);
                  }
                  session.remove(offer);
                  session.flush();
                  return null;
                }));
  }

  public CampaignDetails createCampaign(CampaignDetails details) {
    CampaignDetails valid = validate(details);
    return Constraints.duplicateIsConflict(
        "kind.campaign",
        valid.code(),
        () ->
            write(
                session -> {
                  if (findCampaign(session, valid.code()).isPresent()) {
                    throw ConflictException.duplicate("kind.campaign", valid.code());
                  }
                  Campaign campaign = new Campaign(valid, clock.instant());
                  session.persist(campaign);
                  return campaign.details();
                }));
  }

  public CampaignDetails updateCampaign(String code, CampaignDetails details) {
    CampaignDetails valid = validate(details);
    return Constraints.duplicateIsConflict(
        "kind.campaign",
        valid.code(),
        () ->
            write(
                session -> {
                  Campaign campaign = campaignByCode(session, code);
                  if (!code.equals(valid.code())
                      && findCampaign(session, valid.code()).isPresent()) {
                    throw ConflictException.duplicate("kind.campaign", valid.code());
                  }
                  campaign.update(valid, clock.instant());
                  session.flush();
                  return campaign.details();
                }));
  }

  public CampaignDetails campaign(String code) {
    return database.read(session -> campaignByCode(session, code).details());
  }

  /** Every campaign, by code. */
  public List<CampaignDetails> campaigns() {
    return database.read(
        session ->
            session
                .createSelectionQuery("from Campaign order by code", Campaign.class)
                .getResultList()
                .stream()
                .map(Campaign::details)
                .toList());
  }

  /**
   * Deletes a campaign no offer or presentation refers to; otherwise a {@link ConflictException}.
   */
  public void deleteCampaign(String code) {
    inUse(
        "kind.campaign",
        code,
        () ->
            write(
                session -> {
                  Campaign campaign = campaignByCode(session, code);
                  if (PresentedRows.lockNamedByPresentations(
                      session, "campaign", campaign.getId())) {
                    throw inUseConflict("kind.campaign", code);
                  }
                  session.remove(campaign);
                  session.flush();
                  return null;
                }));
  }

  /** The offer with this code, inside the caller's session, or {@link NotFoundException}. */
  public static Offer offerByCode(Session session, String code) {
    return findOffer(session, code).orElseThrow(() -> new NotFoundException("kind.offer", code));
  }

  static Optional<Offer> findOffer(Session session, String code) {
    return session
        .createSelectionQuery(
            "from Offer o left join fetch o.campaign where o.code = :code", Offer.class)
        .setParameter("code", code)
        .uniqueResultOptional();
  }

  static Campaign campaignByCode(Session session, String code) {
    return findCampaign(session, code)
        .orElseThrow(() -> new NotFoundException("kind.campaign", code));
  }

  static Optional<Campaign> findCampaign(Session session, String code) {
    return session
        .createSelectionQuery("from Campaign where code = :code", Campaign.class)
        .setParameter("code", code)
        .uniqueResultOptional();
  }

  private static Optional<Campaign> campaignOf(Session session, OfferDetails offer) {
    return offer
        .campaignCode()
        .map(
            code ->
                findCampaign(session, code)
                    .orElseThrow(
                        () ->
                            new InvalidInputException(
                                "campaignCode",
                                code,
                                Message.of("domain", "expected.existing.campaign"))));
  }

  private static Set<Store> storesOf(Session session, OfferDetails offer) {
    Set<Store> stores = new LinkedHashSet<>();
    for (String code : offer.storeCodes()) {
      stores.add(
          StoreService.findStore(session, code)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "storeCodes", code, Message.of("domain", "expected.existing.store"))));
    }
    return stores;
  }

  static OfferDetails validate(OfferDetails offer) {
    Check.present("offer", offer);
    String kind = Check.oneOf("kind", offer.kind(), KINDS);
    Optional<BigDecimal> percent = offer.discountPercent();
    Optional<BigDecimal> amount = offer.discountAmount();
    if (kind.equals("percent_off")) {
      decimal(
          "discountPercent", Check.present("discountPercent", percent.orElse(null)), CENT, HUNDRED);
      absentFor(kind, "discountAmount", amount);
    } else {
      decimal(
          "discountAmount", Check.present("discountAmount", amount.orElse(null)), CENT, MAX_AMOUNT);
      absentFor(kind, "discountPercent", percent);
    }
    Check.present("validFrom", offer.validFrom());
    Check.present("validUntil", offer.validUntil());
    if (!offer.validUntil().isAfter(offer.validFrom())) {
      throw new InvalidInputException(
          "validUntil",
          offer.validUntil(),
          Message.of("errors", "expected.after", offer.validFrom()));
    }
    offer.totalBudget().ifPresent(b -> decimal("totalBudget", b, CENT, MAX_BUDGET));
    offer.perShopperCap().ifPresent(OfferService::cap);
    offer.valueAmount().ifPresent(v -> decimal("valueAmount", v, BigDecimal.ZERO, MAX_AMOUNT));
    offer.costAmount().ifPresent(c -> decimal("costAmount", c, BigDecimal.ZERO, MAX_AMOUNT));
    return new OfferDetails(
        Check.code("code", offer.code()),
        Check.text("name", offer.name(), 200),
        kind,
        percent,
        amount,
        Check.optionalText("category", offer.category(), 200),
        rule(Check.optionalText("eligibilityRule", offer.eligibilityRule(), 2000)),
        offer.validFrom(),
        offer.validUntil(),
        offer.totalBudget(),
        offer.perShopperCap(),
        offer.valueAmount(),
        offer.costAmount(),
        offer.campaignCode().map(c -> Check.code("campaignCode", c)),
        Check.oneOf("status", offer.status(), STATUSES),
        texts(offer.texts()),
        offer.storeCodes().stream().map(s -> Check.code("storeCodes", s)).distinct().toList(),
        offer.channels().stream().map(c -> Check.code("channels", c, 32)).distinct().toList());
  }

  /** An eligibility rule must compile as a condition; the error points at the mistake. */
  private static Optional<String> rule(Optional<String> rule) {
    rule.ifPresent(
        source -> {
          try {
            RULES.compile(source, RuleKind.CONDITION);
          } catch (RuleSyntaxException e) {
            throw new InvalidInputException(
                "eligibilityRule",
                source,
                Message.of(
                    "domain", "expected.rule", e.line(), e.column(), e.problem(), e.pointer()));
          }
        });
    return rule;
  }

  private static Map<String, OfferText> texts(Map<String, OfferText> texts) {
    if (texts.isEmpty()) {
      throw new InvalidInputException("texts", null, Message.of("domain", "expected.texts"));
    }
    Map<String, OfferText> valid = new TreeMap<>();
    texts.forEach(
        (language, text) -> {
          String tag = Check.language("texts", language);
          String field = "texts." + language;
          Check.present(field, text);
          if (valid.put(
                  tag,
                  new OfferText(
                      Check.text(field + ".headline", text.headline(), 200),
                      Check.text(field + ".body", text.body(), 2000)))
              != null) {
            throw new InvalidInputException(
                "texts", language, Message.of("errors", "expected.unique"));
          }
        });
    return valid;
  }

  static CampaignDetails validate(CampaignDetails campaign) {
    Check.present("campaign", campaign);
    BigDecimal holdout = Check.present("holdoutShare", campaign.holdoutShare());
    if (holdout.compareTo(BigDecimal.ZERO) < 0
        || holdout.compareTo(MAX_HOLDOUT) > 0
        || holdout.stripTrailingZeros().scale() > 4) {
      throw new InvalidInputException(
          "holdoutShare", holdout, Message.of("errors", "expected.decimal.range", "0", "0.5"));
    }
    if (campaign.startsAt().isPresent()
        && campaign.endsAt().isPresent()
        && !campaign.endsAt().get().isAfter(campaign.startsAt().get())) {
      throw new InvalidInputException(
          "endsAt",
          campaign.endsAt().get(),
          Message.of("errors", "expected.after", campaign.startsAt().get()));
    }
    return new CampaignDetails(
        Check.code("code", campaign.code()),
        Check.text("name", campaign.name(), 200),
        holdout,
        campaign.startsAt(),
        campaign.endsAt());
  }

  /** A number from {@code min} to {@code max} with at most two decimals. */
  private static void decimal(String field, BigDecimal value, BigDecimal min, BigDecimal max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidInputException(
          field,
          value.toPlainString(),
          Message.of("errors", "expected.decimal.range", min.toPlainString(), max.toPlainString()));
    }
    if (value.stripTrailingZeros().scale() > 2) {
      throw new InvalidInputException(
          field, value.toPlainString(), Message.of("domain", "expected.decimal.places", 2));
    }
  }

  private static void absentFor(String kind, String field, Optional<BigDecimal> value) {
    value.ifPresent(
        v -> {
          throw new InvalidInputException(
              field, v.toPlainString(), Message.of("domain", "expected.absent.for.kind", kind));
        });
  }

  private static void cap(int cap) {
    if (cap < 1 || cap > MAX_CAP) {
      throw new InvalidInputException(
          "perShopperCap", cap, Message.of("errors", "expected.integer.range", 1, MAX_CAP));
    }
  }

  private static void inUse(String kind, String code, Runnable delete) {
    try {
      delete.run();
    } catch (RuntimeException e) {
      if (Constraints.violated(e)) {
        throw inUseConflict(kind, code);
      }
      throw e;
    }
  }

  /** An offer or campaign that presentations, redemptions or offers still name. */
  private static ConflictException inUseConflict(String kind, String code) {
    return new ConflictException(
        Message.of(
            "domain",
            kind.equals("kind.offer") ? "conflict.offer.in.use" : "conflict.in.use",
            Message.of("errors", kind),
            code));
  }
}
