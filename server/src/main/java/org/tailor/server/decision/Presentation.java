package org.tailor.server.decision;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tailor.server.offer.Campaign;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.store.Store;
import org.tailor.server.store.Terminal;

/**
 * Offers shown to a shopper at one moment, or for a holdout deliberately not shown (table {@code
 * presentation}, offers in {@code presentation_offer}). Written once, never changed, by {@link
 * PresentationWriter}; read here.
 */
@Entity
@Table(name = "presentation")
public class Presentation {

  /** Assigned from a block of ids before the row is written ({@link PresentationWriter}). */
  @Id private Long id;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "shopper_id")
  private Shopper shopper;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "store_id", nullable = false)
  private Store store;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "terminal_id")
  private Terminal terminal;

  @Column(nullable = false, length = 32)
  private String channel;

  @Column(name = "shown_at", nullable = false)
  private Instant shownAt;

  @Column(nullable = false)
  private boolean holdout;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "campaign_id")
  private Campaign campaign;

  @ElementCollection
  @CollectionTable(name = "presentation_offer", joinColumns = @JoinColumn(name = "presentation_id"))
  private List<PresentationOffer> offers = new ArrayList<>();

  protected Presentation() {}

  public Long getId() {
    return id;
  }

  public Optional<Shopper> getShopper() {
    return Optional.ofNullable(shopper);
  }

  public Store getStore() {
    return store;
  }

  public String getChannel() {
    return channel;
  }

  public Instant getShownAt() {
    return shownAt;
  }

  public boolean isHoldout() {
    return holdout;
  }

  public List<PresentationOffer> getOffers() {
    return offers;
  }
}
