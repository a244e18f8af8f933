package org.tailor.scoring.history;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tailor.plugin.host.LedgerLine;

/**
 * Hands ledger lines on to a model builder while keeping the build to a share of one core: after
 * every batch of lines it pauses for as long as the share asks (a share of ½ pauses as long as the
 * batch took). The model is rebuilt in the background from millions of lines; unpaced, the build
 * and the database streaming them would hold a core for minutes, taken from the decisions.
 * Decisions never wait for a build: they use the previous model (at start, the empty one, which
 * scores newcomers' way) until the new one is set.
 */
final class PacedLines implements Consumer<LedgerLine> {

  /** Pauses the calling thread. */
  interface Pause {
    void nanos(long nanos) throws InterruptedException;
  }

  static final int BATCH = 20_000;

  private final Consumer<LedgerLine> builder;
  private final double share;
  private final LongSupplier nanoTime;
  private final Pause pause;
  private long batchStarted;
  private int inBatch;

  /**
   * @param share the share of one core the build may use, in (0, 1]; 1 never pauses
   */
  PacedLines(Consumer<LedgerLine> builder, double share, LongSupplier nanoTime, Pause pause) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], was " + share);
    }
    this.builder = builder;
    this.share = share;
    this.nanoTime = nanoTime;
    this.pause = pause;
    this.batchStarted = nanoTime.getAsLong();
  }

  static PacedLines of(Consumer<LedgerLine> builder, double share) {
    return new PacedLines(builder, share, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  @Override
  public void accept(LedgerLine line) {
    builder.accept(line);
    if (++inBatch < BATCH) {
      return;
    }
    inBatch = 0;
    long worked = nanoTime.getAsLong() - batchStarted;
    long rest = (long) (worked * (1 - share) / share);
    if (rest > 0) {
      try {
        pause.nanos(rest);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("purchase-history model build interrupted", e);
      }
    }
    batchStarted = nanoTime.getAsLong();
  }
}
