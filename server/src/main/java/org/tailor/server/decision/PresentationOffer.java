package org.tailor.server.decision;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import org.tailor.server.offer.Offer;

/**
 * One offer of a presentation (a row of table {@code presentation_offer}): its rank, the
 * probability with which the policy chose it and why. The probability makes off-policy evaluation
 * of the decisions possible.
 */
@Embeddable
public class PresentationOffer {

  @Column(name = "offer_rank", nullable = false)
  private int rank;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "offer_id", nullable = false)
  private Offer offer;

  @Column(nullable = false)
  private double probability;

  @Column(nullable = false, length = 1000)
  private String explanation;

  protected PresentationOffer() {}

  PresentationOffer(int rank, Offer offer, double probability, String explanation) {
    this.rank = rank;
    this.offer = offer;
    this.probability = probability;
    this.explanation = explanation;
  }

  public int getRank() {
    return rank;
  }

  public Offer getOffer() {
    return offer;
  }

  public double getProbability() {
    return probability;
  }

  public String getExplanation() {
    return explanation;
  }
}
