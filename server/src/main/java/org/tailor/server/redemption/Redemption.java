package org.tailor.server.redemption;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.Immutable;
import org.tailor.server.decision.Presentation;
import org.tailor.server.offer.Offer;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.store.Store;
import org.tailor.server.store.Terminal;

/**
 * An offer redeemed at a till (table {@code redemption}). The terminal's message id is unique, so a
 * message delivered twice is counted once.
 */
@Entity
@Immutable
@Table(name = "redemption")
public class Redemption {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "message_id", nullable = false, length = 100)
  private String messageId;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "presentation_id")
  private Presentation presentation;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "offer_id", nullable = false)
  private Offer offer;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "shopper_id")
  private Shopper shopper;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "store_id", nullable = false)
  private Store store;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "terminal_id")
  private Terminal terminal;

  @Column(name = "redeemed_at", nullable = false)
  private Instant redeemedAt;

  @Column(name = "basket_amount", nullable = false, precision = 14, scale = 2)
  private BigDecimal basketAmount;

  @Column(name = "discount_amount", nullable = false, precision = 12, scale = 2)
  private BigDecimal discountAmount;

  protected Redemption() {}

  /** A redemption of {@code offer}; the optional links are those the terminal could name. */
  public Redemption(
      String messageId,
      Optional<Presentation> presentation,
      Offer offer,
      Optional<Shopper> shopper,
      Store store,
      Optional<Terminal> terminal,
      Instant redeemedAt,
      BigDecimal basketAmount,
      BigDecimal discountAmount) {
    this.messageId = messageId;
    this.presentation = presentation.orElse(null);
    this.offer = offer;
    this.shopper = shopper.orElse(null);
    this.store = store;
    this.terminal = terminal.orElse(null);
    this.redeemedAt = redeemedAt;
    this.basketAmount = basketAmount;
    this.discountAmount = discountAmount;
  }

  public String getMessageId() {
    return messageId;
  }

  public Optional<Presentation> getPresentation() {
    return Optional.ofNullable(presentation);
  }

  public Optional<Shopper> getShopper() {
    return Optional.ofNullable(shopper);
  }

  public Offer getOffer() {
    return offer;
  }

  public Instant getRedeemedAt() {
    return redeemedAt;
  }

  public BigDecimal getBasketAmount() {
    return basketAmount;
  }

  public BigDecimal getDiscountAmount() {
    return discountAmount;
  }
}
