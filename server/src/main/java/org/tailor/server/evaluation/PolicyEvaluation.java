package org.tailor.server.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tailor.server.evaluation.LoggedPresentations.FirstSlot;
import org.tailor.server.evaluation.offpolicy.LoggedRound;
import org.tailor.server.evaluation.offpolicy.OffPolicyEstimators;
import org.tailor.server.evaluation.offpolicy.PolicyValueEstimate;

/**
 * A candidate policy's first-slot redemption rate, estimated from the logged presentations with
 * {@link OffPolicyEstimators}. The reward model of the direct method and doubly robust estimators
 * is each offer's first-slot redemption rate in the same log, smoothed with a Beta(1, 1) prior:
 * r̂(x, a) = (redemptions + 1) / (shows + 2), the same for every shopper. No I/O.
 */
public final class PolicyEvaluation {

  /**
   * The result.
   *
   * @param policy the candidate's name
   * @param rounds the logged first slots used
   * @param loggedRate the logging policy's own first-slot redemption rate, with its interval
   * @param estimates IPS, SNIPS, DM and DR estimates of the candidate's rate
   */
  public record Report(
      String policy,
      long rounds,
      PolicyValueEstimate loggedRate,
      List<PolicyValueEstimate> estimates) {}

  private PolicyEvaluation() {}

  /** Each offer's first-slot redemption rate, smoothed: (redemptions + 1) / (shows + 2). */
  public static Map<String, Double> offerRates(List<FirstSlot> slots) {
    Map<String, long[]> counts = new HashMap<>();
    for (FirstSlot slot : slots) {
      long[] c = counts.computeIfAbsent(slot.offer(), o -> new long[2]);
      c[0]++;
      if (slot.redeemed()) {
        c[1]++;
      }
    }
    Map<String, Double> rates = new HashMap<>();
    counts.forEach((offer, c) -> rates.put(offer, (c[1] + 1.0) / (c[0] + 2.0)));
    return rates;
  }

  public static Report evaluate(List<FirstSlot> slots, CandidatePolicy policy) {
    if (slots.isEmpty()) {
      throw new IllegalArgumentException("no logged presentations to evaluate on");
    }
    Map<String, Double> rates = offerRates(slots);
    List<LoggedRound> rounds = new ArrayList<>(slots.size());
    double[] rewards = new double[slots.size()];
    for (int i = 0; i < slots.size(); i++) {
      FirstSlot slot = slots.get(i);
      double modelledPolicyValue = 0;
      for (String candidate : slot.candidates()) {
        modelledPolicyValue +=
            policy.probability(candidate, slot.candidates()) * rate(rates, candidate);
      }
      rewards[i] = slot.redeemed() ? 1 : 0;
      rounds.add(
          new LoggedRound(
              rewards[i],
              slot.probability(),
              policy.probability(slot.offer(), slot.candidates()),
              rate(rates, slot.offer()),
              modelledPolicyValue));
    }
    return new Report(
        policy.name(),
        slots.size(),
        OffPolicyEstimators.onPolicy(rewards),
        OffPolicyEstimators.all(rounds));
  }

  private static double rate(Map<String, Double> rates, String offer) {
    return rates.getOrDefault(offer, 0.5); // never shown first: the prior mean
  }
}
