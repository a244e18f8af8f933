package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;

/**
 * The plugin saves its state in chunks of at most 1 MiB, never as one array, and a plugin started
 * from what was saved scores as the learner it saved.
 */
class BanditSavingTest {

  private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

  /** A store that keeps the chunks it is given, and has no one-array save. */
  private static final class ChunkStore implements PluginStateStore {
    final List<List<ByteBuffer>> saves = new ArrayList<>();

    @Override
    public Optional<byte[]> load(String pluginId, String key) {
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
      throw new AssertionError("saved as one array of " + snapshot.length + " bytes");
    }

    @Override
    public void save(String pluginId, String key, List<ByteBuffer> chunks) {
      saves.add(List.copyOf(chunks));
    }
  }

  @Test
  void savesInChunksOfAtMostOneMebibyteAndStartsAgainFromThem() {
    ChunkStore store = new ChunkStore();
    BanditScoringPlugin plugin =
        new BanditScoringPlugin(
            store, (loyaltyId, limit) -> List.of(), new TestConfiguration("linucb"));
    SplittableRandom random = new SplittableRandom(1);
    for (int p = 0; p < 40_000; p++) {
      String id = "p" + p;
      List<ShownOffer> shown =
          List.of(
              new ShownOffer("offer-" + (p % 300), 1, 0.5, "test"),
              new ShownOffer("offer-" + ((p + 7) % 300), 2, 0.5, "test"));
      plugin.presented(new PresentationEvent(id, SnapshotStates.context(random), false, shown));
      if (p % 9 == 0) {
        plugin.redeemed(new RedemptionEvent("m" + p, Optional.of(id), "offer-" + (p % 300), AT));
      }
    }
    plugin.deactivate(); // learns what was reported, then saves

    assertThat(store.saves).hasSize(1);
    List<ByteBuffer> chunks = store.saves.get(0);
    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks)
        .allSatisfy(
            chunk -> assertThat(chunk.remaining()).isBetween(1, ChunkedOutputStream.CHUNK_BYTES));

    byte[] saved = store.load(BanditScoringPlugin.ID, BanditScoringPlugin.STATE_KEY).orElseThrow();
    BanditLearner learned =
        BanditLearner.restore(saved, BanditScoringPlugin.settings(new TestConfiguration("linucb")));
    // offer-0 shown first when p is a multiple of 300, second when p + 7 is; redeemed when p is a
    // multiple of 900
    assertThat(learned.thompson().offerCounts("offer-0")).containsExactly(134 + 133, 45);
    BanditScoringPlugin again =
        new BanditScoringPlugin(
            store, (loyaltyId, limit) -> List.of(), new TestConfiguration("linucb"));
    DecisionContext newcomer =
        new DecisionContext(Optional.empty(), "S-3", Optional.empty(), "till", AT);
    List<CandidateOffer> candidates =
        List.of(BanditLearnerTest.candidate("offer-0"), BanditLearnerTest.candidate("offer-150"));
    List<OfferScore> scores = again.score(newcomer, candidates);
    assertThat(scores).isEqualTo(learned.score(newcomer, candidates, new SplittableRandom(1)));
    again.deactivate(); // nothing changed: nothing saved
    assertThat(store.saves).hasSize(1);
  }
}
