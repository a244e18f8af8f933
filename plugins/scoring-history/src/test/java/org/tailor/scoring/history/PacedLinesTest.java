package org.tailor.scoring.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.host.LedgerLine;

class PacedLinesTest {

  private static final LedgerLine LINE =
      new LedgerLine("s", "S-01", Instant.parse("2026-01-01T00:00:00Z"), "T1", "tea", 1);

  @Test
  void handsOnEveryLineAndPausesAfterEachBatchInProportionToItsWork() {
    AtomicLong clock = new AtomicLong();
    List<Long> pauses = new ArrayList<>();
    List<LedgerLine> built = new ArrayList<>();
    PacedLines paced =
        new PacedLines(
            line -> {
              built.add(line);
              clock.addAndGet(1_000); // each line takes 1 µs of work
            },
            0.25,
            clock::get,
            nanos -> {
              pauses.add(nanos);
              clock.addAndGet(nanos);
            });

    for (int i = 0; i < 2 * PacedLines.BATCH + 5; i++) {
      paced.accept(LINE);
    }

    assertThat(built).hasSize(2 * PacedLines.BATCH + 5);
    // a quarter of a core: three times the work of a batch as pause, after each full batch
    long batchWork = PacedLines.BATCH * 1_000L;
    assertThat(pauses).containsExactly(3 * batchWork, 3 * batchWork);
  }

  @Test
  void aWholeCoreNeverPauses() {
    List<Long> pauses = new ArrayList<>();
    AtomicLong clock = new AtomicLong();
    PacedLines paced = new PacedLines(line -> clock.addAndGet(1_000), 1.0, clock::get, pauses::add);
    for (int i = 0; i < 3 * PacedLines.BATCH; i++) {
      paced.accept(LINE);
    }
    assertThat(pauses).isEmpty();
  }

  @Test
  void anInterruptedPauseStopsTheBuildAndKeepsTheInterrupt() {
    PacedLines paced =
        new PacedLines(
            line -> {},
            0.5,
            new AtomicLong()::incrementAndGet,
            nanos -> {
              throw new InterruptedException();
            });
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < PacedLines.BATCH; i++) {
                paced.accept(LINE);
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> PacedLines.of(line -> {}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share");
  }
}
