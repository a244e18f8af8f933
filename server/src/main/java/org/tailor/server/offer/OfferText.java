package org.tailor.server.offer;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The words a shopper reads for an offer in one language (a row of table {@code offer_text}).
 *
 * @param headline a short headline, up to 200 characters
 * @param body the offer's text, up to 2000 characters
 */
@Embeddable
public record OfferText(
    @Column(name = "headline", nullable = false, length = 200) String headline,
    @Column(name = "body", nullable = false, length = 2000) String body) {}
