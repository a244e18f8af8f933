package org.tailor.scoring.bandit;

import java.util.Locale;

/**
 * Prints the size of a chain-like bandit snapshot, for docs/evaluation-bandit.md: {@code java -cp
 * <test classes:classes:plugin-api> org.tailor.scoring.bandit.SnapshotSizeReport [offers]
 * [presentations]} (defaults 1,000 offers and 100,000 presentations, the most remembered).
 */
final class SnapshotSizeReport {

  private SnapshotSizeReport() {}

  public static void main(String[] args) {
    int offers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int presentations = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    BanditLearner learner = SnapshotStates.learned(offers, presentations, 42);
    BanditLearner armsOnly = new BanditLearner(BanditSettings.defaults());
    learner.linUcb().arms().forEach(armsOnly.linUcb()::restore);
    System.out.printf(
        Locale.ROOT,
        "offers %d, presentations %d (remembered %d), LinUCB arms %d:"
            + " snapshot %d bytes, of which the arms %d bytes%n",
        offers,
        presentations,
        learner.rememberedPresentations().size(),
        learner.linUcb().arms().size(),
        learner.snapshot().length,
        armsOnly.snapshot().length);
  }
}
