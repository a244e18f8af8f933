package org.tailor.server.decision;

import org.tailor.server.offer.ActiveOffer;

/**
 * An offer placed in a slot.
 *
 * @param offer the offer
 * @param rank 1 for the first slot
 * @param probability the probability with which the policy put this offer in this slot, given the
 *     offers in the slots before it
 * @param explored whether the slot was filled by exploration rather than by the best score
 * @param explanation the scores and reasons, for staff
 */
record RankedOffer(
    ActiveOffer offer, int rank, double probability, boolean explored, String explanation) {}
