package org.tailor.server.evaluation;

import java.util.List;
import java.util.Map;

/**
 * A policy to judge before it goes live: the probability with which it would put each candidate
 * offer in the first slot.
 */
public sealed interface CandidatePolicy {

  /** π(offer | candidates); the probabilities over the candidates sum to one. */
  double probability(String offer, List<String> candidates);

  /** A name for reports. */
  String name();

  /** Every candidate equally likely. */
  record Uniform() implements CandidatePolicy {
    @Override
    public double probability(String offer, List<String> candidates) {
      return candidates.contains(offer) ? 1.0 / candidates.size() : 0;
    }

    @Override
    public String name() {
      return "uniform";
    }
  }

  /**
   * A static rule: the candidate with the highest redemption rate (ties: the first code
   * alphabetically) with probability 1 − ε, otherwise a uniformly random candidate.
   *
   * @param rates redemption rate per offer code; offers without one count as 0
   * @param epsilon ε in [0, 1]
   */
  record BestRate(Map<String, Double> rates, double epsilon) implements CandidatePolicy {

    public BestRate {
      rates = Map.copyOf(rates);
      if (!(epsilon >= 0 && epsilon <= 1)) {
        throw new IllegalArgumentException("epsilon must be in [0, 1], was " + epsilon);
      }
    }

    @Override
    public double probability(String offer, List<String> candidates) {
      if (!candidates.contains(offer)) {
        return 0;
      }
      String best = candidates.get(0);
      for (String candidate : candidates) {
        double rate = rates.getOrDefault(candidate, 0.0);
        double bestRate = rates.getOrDefault(best, 0.0);
        if (rate > bestRate || (rate == bestRate && candidate.compareTo(best) < 0)) {
          best = candidate;
        }
      }
      return (offer.equals(best) ? 1 - epsilon : 0) + epsilon / candidates.size();
    }

    @Override
    public String name() {
      return "best-rate";
    }
  }
}
