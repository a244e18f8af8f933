package org.tailor.server.offer;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.annotations.BatchSize;
import org.tailor.plugin.CandidateOffer;
import org.tailor.server.store.Store;

/**
 * A coupon or discount staff publish (table {@code offer}, with its texts per language in {@code
 * offer_text}, the stores it is limited to in {@code offer_store} and the channels in {@code
 * offer_channel}).
 */
@Entity
@Table(name = "offer")
public class Offer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 64)
  private String code;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(nullable = false, length = 16)
  private String kind;

  @Column(name = "discount_percent", precision = 5, scale = 2)
  private BigDecimal discountPercent;

  @Column(name = "discount_amount", precision = 12, scale = 2)
  private BigDecimal discountAmount;

  @Column(length = 200)
  private String category;

  @Column(name = "eligibility_rule", length = 2000)
  private String eligibilityRule;

  @Column(name = "valid_from", nullable = false)
  private Instant validFrom;

  @Column(name = "valid_until", nullable = false)
  private Instant validUntil;

  @Column(name = "total_budget", precision = 14, scale = 2)
  private BigDecimal totalBudget;

  @Column(name = "per_shopper_cap")
  private Integer perShopperCap;

  @Column(name = "value_amount", precision = 12, scale = 2)
  private BigDecimal valueAmount;

  @Column(name = "cost_amount", precision = 12, scale = 2)
  private BigDecimal costAmount;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "campaign_id")
  private Campaign campaign;

  @Column(nullable = false, length = 16)
  private String status;

  @Version
  @Column(nullable = false)
  private int version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @ElementCollection
  @BatchSize(size = 64)
  @CollectionTable(name = "offer_text", joinColumns = @JoinColumn(name = "offer_id"))
  @MapKeyColumn(name = "language", length = 35)
  private Map<String, OfferText> texts = new HashMap<>();

  @ManyToMany
  @BatchSize(size = 64)
  @JoinTable(
      name = "offer_store",
      joinColumns = @JoinColumn(name = "offer_id"),
      inverseJoinColumns = @JoinColumn(name = "store_id"))
  private Set<Store> stores = new HashSet<>();

  @ElementCollection
  @BatchSize(size = 64)
  @CollectionTable(name = "offer_channel", joinColumns = @JoinColumn(name = "offer_id"))
  @Column(name = "channel", nullable = false, length = 32)
  private Set<String> channels = new HashSet<>();

  protected Offer() {}

  Offer(OfferDetails details, Optional<Campaign> campaign, Set<Store> stores, Instant now) {
    this.createdAt = now;
    update(details, campaign, stores, now);
  }

  /** Takes validated details. */
  final void update(
      OfferDetails details, Optional<Campaign> campaign, Set<Store> stores, Instant now) {
    this.code = details.code();
    this.name = details.name();
    this.kind = details.kind();
    this.discountPercent = details.discountPercent().orElse(null);
    this.discountAmount = details.discountAmount().orElse(null);
    this.category = details.category().orElse(null);
    this.eligibilityRule = details.eligibilityRule().orElse(null);
    this.validFrom = details.validFrom();
    this.validUntil = details.validUntil();
    this.totalBudget = details.totalBudget().orElse(null);
    this.perShopperCap = details.perShopperCap().orElse(null);
    this.valueAmount = details.valueAmount().orElse(null);
    this.costAmount = details.costAmount().orElse(null);
    this.campaign = campaign.orElse(null);
    this.status = details.status();
    this.texts.clear();
    this.texts.putAll(details.texts());
    this.stores.clear();
    this.stores.addAll(stores);
    this.channels.clear();
    this.channels.addAll(details.channels());
    this.updatedAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }

  public String getKind() {
    return kind;
  }

  public Optional<BigDecimal> getDiscountPercent() {
    return Optional.ofNullable(discountPercent);
  }

  public Optional<BigDecimal> getDiscountAmount() {
    return Optional.ofNullable(discountAmount);
  }

  public Optional<Campaign> getCampaign() {
    return Optional.ofNullable(campaign);
  }

  OfferDetails details() {
    return new OfferDetails(
        code,
        name,
        kind,
        Optional.ofNullable(discountPercent),
        Optional.ofNullable(discountAmount),
        Optional.ofNullable(category),
        Optional.ofNullable(eligibilityRule),
        validFrom,
        validUntil,
        Optional.ofNullable(totalBudget),
        Optional.ofNullable(perShopperCap),
        Optional.ofNullable(valueAmount),
        Optional.ofNullable(costAmount),
        getCampaign().map(Campaign::getCode),
        status,
        texts,
        stores.stream().map(Store::getCode).sorted().toList(),
        channels.stream().sorted().toList());
  }

  /**
   * The offer as the decision pipeline reads it; its eligibility rule the one of {@code rules} with
   * its text, or a new one added to them.
   */
  ActiveOffer active(Map<String, EligibilityRule> rules) {
    return new ActiveOffer(
        id,
        code,
        Optional.ofNullable(category),
        getDiscountPercent(),
        getDiscountAmount(),
        validUntil,
        Optional.ofNullable(totalBudget),
        Optional.ofNullable(perShopperCap),
        getCampaign().map(Campaign::getId),
        getCampaign().map(Campaign::getCode),
        getCampaign().map(Campaign::getHoldoutShare).orElse(BigDecimal.ZERO),
        texts,
        Optional.ofNullable(eligibilityRule)
            .map(source -> rules.computeIfAbsent(source, text -> new EligibilityRule(text, code))));
  }

  /** The offer as the catalogue keeps it, with its rule found as {@link #active} finds it. */
  CatalogueEntry catalogueEntry(Map<String, EligibilityRule> rules) {
    Optional<CampaignDetails> window = getCampaign().map(Campaign::details);
    return new CatalogueEntry(
        active(rules),
        validFrom,
        window.flatMap(CampaignDetails::startsAt),
        window.flatMap(CampaignDetails::endsAt),
        stores.stream().map(Store::getCode).collect(Collectors.toSet()),
        channels);
  }

  CandidateOffer candidate() {
    return new CandidateOffer(
        code,
        Optional.ofNullable(category),
        getDiscountPercent(),
        getDiscountAmount(),
        getCampaign().map(Campaign::getCode));
  }
}
