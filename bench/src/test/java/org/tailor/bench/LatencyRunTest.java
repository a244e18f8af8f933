package org.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LatencyRunTest {

  /** Every request of an open loop is made exactly once, by the client it is handed to. */
  @Test
  void anOpenLoopMakesEveryCallOnceAndCountsFailures() throws Exception {
    ConcurrentMap<Integer, String> calledBy = new ConcurrentHashMap<>();
    AtomicInteger repeats = new AtomicInteger();

    LatencyRun.Result result =
        LatencyRun.runAtRate(
            index -> {
              if (calledBy.put(index, Thread.currentThread().getName()) != null) {
                repeats.incrementAndGet();
              }
              return index % 10 != 3;
            },
            200,
            4,
            20_000,
            1);

    assertThat(calledBy).hasSize(200);
    assertThat(repeats).hasValue(0);
    assertThat(result.requests()).isEqualTo(200);
    assertThat(result.failures()).isEqualTo(20);
    assertThat(result.micros().getTotalCount()).isEqualTo(200);
    // call i goes to client i mod 4: calls 0, 4, 8 share a thread, 1 has another
    assertThat(calledBy.get(4)).isEqualTo(calledBy.get(0)).isEqualTo(calledBy.get(8));
    assertThat(calledBy.get(1)).isNotEqualTo(calledBy.get(0));
  }

  @Test
  void anOpenLoopNeedsARate() {
    assertThatThrownBy(() -> LatencyRun.runAtRate(index -> true, 10, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate must be above 0, was 0.0");
  }
}
