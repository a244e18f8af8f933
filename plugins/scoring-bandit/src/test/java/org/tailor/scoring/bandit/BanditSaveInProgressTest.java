package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.ShownOffer;

/**
 * A save in progress keeps no decision waiting: the plugin copies the state on its learning thread,
 * so while the copy holds the learner's read lock no event waits for the write lock (it waits in
 * the learning queue), and a decision's scoring takes the read lock at once. Were the copy made on
 * another thread, the learning thread would queue for the write lock behind it, and the non-fair
 * {@code ReentrantReadWriteLock} would make every decision wait behind that writer until the copy
 * ended (with 1,000 offers and 100,000 remembered presentations, a fraction of a second to over a
 * second on a loaded machine: docs/benchmarks.md). The save holds the state at the copy: an event
 * reported meanwhile is learned after it, and saved next time.
 */
class BanditSaveInProgressTest {

  private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");
  private static final DecisionContext NEWCOMER =
      new DecisionContext(Optional.empty(), "S-3", Optional.empty(), "till", AT);

  /** A store that keeps the chunks of each save. */
  private static final class ChunkStore implements PluginStateStore {
    final List<List<ByteBuffer>> saves = new ArrayList<>();

    @Override
    public synchronized Optional<byte[]> load(String pluginId, String key) {
      if (saves.isEmpty()) {
        return Optional.empty();
      }
      List<ByteBuffer> last = saves.get(saves.size() - 1);
      ByteBuffer joined = ByteBuffer.allocate(last.stream().mapToInt(ByteBuffer::remaining).sum());
      last.forEach(chunk -> joined.put(chunk.duplicate()));
      return Optional.of(joined.array());
    }

    @Override
    public void save(String pluginId, String key, byte[] snapshot) {
      save(pluginId, key, List.of(ByteBuffer.wrap(snapshot)));
    }

    @Override
    public synchronized void save(String pluginId, String key, List<ByteBuffer> chunks) {
      saves.add(List.copyOf(chunks));
    }
  }

  private static PresentationEvent shown(String id, String... offers) {
    List<ShownOffer> shown = new ArrayList<>();
    for (int i = 0; i < offers.length; i++) {
      shown.add(new ShownOffer(offers[i], i + 1, 0.5, "test"));
    }
    return new PresentationEvent(id, NEWCOMER, false, shown);
  }

  @Test
  void aDecisionScoresWhileASaveHoldsTheStateAndTheSaveIsTheStateAtItsCopy() throws Exception {
    ChunkStore store = new ChunkStore();
    TestConfiguration configuration = new TestConfiguration("thompson");
    BanditScoringPlugin plugin =
        new BanditScoringPlugin(store, (loyaltyId, limit) -> List.of(), configuration);
    List<CandidateOffer> candidates =
        List.of(BanditLearnerTest.candidate("offer-a"), BanditLearnerTest.candidate("offer-b"));
    plugin.scores(NEWCOMER, candidates);
    plugin.presented(shown("p1", "offer-a", "offer-b"));
    while (plugin.learner().changes() == 0) { // learned by the learning thread, soon
      Thread.onSpinWait();
    }

    CountDownLatch copying = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    plugin
        .learner()
        .whileSnapshotting(
            () -> {
              copying.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Thread saver = new Thread(plugin::saveIfChanged, "test-saver");
    saver.start();
    assertThat(copying.await(30, TimeUnit.SECONDS)).as("the save began its copy").isTrue();

    // reported while the copy holds the read lock: it waits in the learning queue, or (were the
    // copy made elsewhere) the learning thread takes it and waits for the write lock
    plugin.presented(shown("p2", "offer-a"));
    while (plugin.eventsWaiting() == 0 && !plugin.learner().lockWaitedFor()) {
      Thread.onSpinWait();
    }
    CountDownLatch scored = new CountDownLatch(1);
    Thread decider =
        new Thread(
            () -> {
              plugin.scores(NEWCOMER, candidates);
              scored.countDown();
            },
            "test-decider");
    decider.start();
    boolean decidedDuringSave = scored.await(30, TimeUnit.SECONDS);
    boolean saveStillCopying = saver.isAlive() && release.getCount() == 1;
    release.countDown();
    saver.join();
    decider.join();

    assertThat(decidedDuringSave).as("a decision scored while the save held the state").isTrue();
    assertThat(saveStillCopying).isTrue();
    BanditLearner saved =
        BanditLearner.restore(
            store.load(BanditScoringPlugin.ID, BanditScoringPlugin.STATE_KEY).orElseThrow(),
            BanditScoringPlugin.settings(configuration));
    assertThat(saved.rememberedPresentations()).containsOnlyKeys("p1");
    assertThat(saved.thompson().offerCounts("offer-a")).containsExactly(1, 0);

    plugin.deactivate(); // learns p2, then saves again
    assertThat(store.saves).hasSize(2);
    BanditLearner last =
        BanditLearner.restore(
            store.load(BanditScoringPlugin.ID, BanditScoringPlugin.STATE_KEY).orElseThrow(),
            BanditScoringPlugin.settings(configuration));
    assertThat(last.rememberedPresentations()).containsOnlyKeys("p1", "p2");
    assertThat(last.thompson().offerCounts("offer-a")).containsExactly(2, 0);
    assertThat(last.snapshot()).isEqualTo(plugin.learner().snapshot());
  }
}
