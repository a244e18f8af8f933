package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.scoring.bandit.linucb.LinUcbArm;

/** The saved form of version 4: LinUCB arms as counts, read back bit for bit, in chunks. */
class BanditSnapshotTest {

  private static final int D = ContextFeatures.DIMENSION;
  private static final int RAW_ARM_BYTES = (D * D + D) * Double.BYTES;

  @Test
  void manyArmsComeBackExactlyAndScoreAlike() {
    BanditLearner learner = SnapshotStates.learned(200, 20_000, 7);
    Map<String, LinUcbArm> arms = learner.linUcb().arms();
    assertThat(arms).hasSizeGreaterThan(150);

    byte[] snapshot = learner.snapshot();
    BanditLearner restored = BanditLearner.restore(snapshot, BanditSettings.defaults());

    assertThat(restored.migration()).isEmpty();
    for (Map.Entry<String, LinUcbArm> arm : arms.entrySet()) {
      LinUcbArm back = restored.linUcb().armOf(arm.getKey()).orElseThrow();
      assertThat(back.a()).containsExactly(arm.getValue().a());
      assertThat(back.b()).containsExactly(arm.getValue().b());
      // A⁻¹ and θ as an arm made afresh from the same A and b: bit for bit
      LinUcbArm fresh = LinUcbArm.of(D, arm.getValue().a(), arm.getValue().b());
      assertThat(back.aInverse()).containsExactly(fresh.aInverse());
      assertThat(back.theta()).containsExactly(fresh.theta());
    }
    assertThat(restored.snapshot()).isEqualTo(snapshot);
    // every arm was written as counts: far below the raw doubles' size
    assertThat((long) armsOnly(learner).length).isLessThan((long) arms.size() * RAW_ARM_BYTES / 10);
    // and LinUCB scores the same, to the bit, for a fixed context and seed
    BanditSettings linUcb =
        BanditSettings.defaults().withAlgorithm(BanditSettings.Algorithm.LINUCB);
    BanditLearner once = BanditLearner.restore(snapshot, linUcb);
    BanditLearner twice = BanditLearner.restore(once.snapshot(), linUcb);
    DecisionContext context = SnapshotStates.context(new SplittableRandom(3));
    List<CandidateOffer> candidates =
        arms.keySet().stream().sorted().limit(40).map(BanditLearnerTest::candidate).toList();
    List<OfferScore> first = once.score(context, candidates, new SplittableRandom(11));
    List<OfferScore> second = twice.score(context, candidates, new SplittableRandom(11));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void anArmThatIsNotCountsIsWrittenRawAndComesBackExactly() {
    BanditLearner learner = SnapshotStates.learned(20, 500, 5);
    double[] a = learner.linUcb().arms().get("offer-3").a();
    double[] b = learner.linUcb().arms().get("offer-3").b();
    a[0] += 0.25; // a fraction on the diagonal: still positive definite
    b[1] = -0.0;
    learner.linUcb().restore("offer-3", LinUcbArm.of(D, a, b));
    int armBytes = armsOnly(learner).length;

    BanditLearner restored = BanditLearner.restore(learner.snapshot(), BanditSettings.defaults());

    LinUcbArm back = restored.linUcb().armOf("offer-3").orElseThrow();
    assertThat(back.a()).containsExactly(a);
    assertThat(Double.doubleToRawLongBits(back.b()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(back.b()).containsExactly(b);
    assertThat(restored.snapshot()).isEqualTo(learner.snapshot());
    assertThat(armBytes).isGreaterThan(RAW_ARM_BYTES); // the one raw arm
    // the other arms are still counts
    assertThat(armBytes).isLessThan(2 * RAW_ARM_BYTES);
  }

  /** The snapshot of a learner that holds only the learner's LinUCB arms. */
  private static byte[] armsOnly(BanditLearner learner) {
    BanditLearner arms = new BanditLearner(BanditSettings.defaults());
    learner.linUcb().arms().forEach(arms.linUcb()::restore);
    return arms.snapshot();
  }

  @Test
  void anArmThatIsNotSymmetricIsWrittenRaw() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    double[] a = new double[D * D];
    for (int i = 0; i < D; i++) {
      a[i * D + i] = 3;
    }
    a[1] = 1; // A[0][1] = 1 but A[1][0] = 0
    double[] b = new double[D];
    b[0] = 2;
    learner.linUcb().restore("lopsided", LinUcbArm.of(D, a, b));

    byte[] snapshot = learner.snapshot();
    LinUcbArm back =
        BanditLearner.restore(snapshot, BanditSettings.defaults())
            .linUcb()
            .armOf("lopsided")
            .orElseThrow();

    assertThat(back.a()).containsExactly(a);
    assertThat(back.b()).containsExactly(b);
    assertThat(snapshot.length).isGreaterThan(RAW_ARM_BYTES);
  }

  @Test
  void readsAVersionThreeSnapshotAsBefore() throws IOException {
    int[] x = {0, 3, 12, 26, 97};
    double[] a = new double[D * D];
    for (int i = 0; i < D; i++) {
      a[i * D + i] = 1;
    }
    double[] b = new double[D];
    for (int i : x) {
      b[i] = 1;
      for (int j : x) {
        a[i * D + j] += 2; // shown twice, redeemed once
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(BanditSnapshot.MAGIC);
      out.writeInt(3);
      out.writeInt(D);
      out.writeInt(1); // offers
      out.writeUTF("coffee-10");
      out.writeInt(2);
      out.writeUTF("");
      out.writeLong(2);
      out.writeLong(1);
      out.writeUTF("/known/tier-3/liked/affinity-none");
      out.writeLong(2);
      out.writeLong(1);
      out.writeInt(1); // arms
      out.writeUTF("coffee-10");
      for (double v : a) {
        out.writeDouble(v);
      }
      for (double v : b) {
        out.writeDouble(v);
      }
      out.writeInt(1); // presentations
      out.writeUTF("p9");
      out.writeUTF("known/tier-3");
      out.writeInt(4);
      for (int i = 0; i < 4; i++) {
        out.writeInt(x[i]);
      }
      out.writeInt(1); // shown
      out.writeUTF("coffee-10");
      out.writeInt(1); // liked
      out.writeUTF("coffee-10");
      out.writeInt(1); // levels
      out.writeUTF("coffee-10");
      out.writeInt(0);
      out.writeInt(0); // redeemed
      out.writeInt(1); // redemptions
      out.writeUTF("m1");
      out.writeInt(1); // categories
      out.writeUTF("coffee-10");
      out.writeUTF("coffee");
    }

    BanditLearner restored = BanditLearner.restore(bytes.toByteArray(), BanditSettings.defaults());

    assertThat(restored.migration()).isEmpty();
    LinUcbArm arm = restored.linUcb().armOf("coffee-10").orElseThrow();
    assertThat(arm.a()).containsExactly(a);
    assertThat(arm.b()).containsExactly(b);
    assertThat(restored.thompson().allCounts().get("coffee-10"))
        .containsOnlyKeys("", "/known/tier-3/liked/affinity-none");
    assertThat(restored.offerCategories()).containsEntry("coffee-10", "coffee");
    assertThat(restored.rememberedPresentations()).containsOnlyKeys("p9");
    // written again as version 4, with the arm as counts, it reads back the same
    byte[] again = restored.snapshot();
    assertThat(ByteBuffer.wrap(again, 4, 4).getInt()).isEqualTo(4);
    assertThat(again.length).isLessThan(RAW_ARM_BYTES / 10);
    assertThat(BanditLearner.restore(again, BanditSettings.defaults()).snapshot()).isEqualTo(again);
  }

  @Test
  void refusesCountsBeyondTheArm() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(BanditSnapshot.MAGIC);
      out.writeInt(4);
      out.writeInt(D);
      out.writeInt(0); // offers
      out.writeInt(1); // arms
      out.writeUTF("tea-5");
      out.writeByte(BanditSnapshot.ARM_COUNTS);
      out.writeByte(1); // one count
      out.writeByte(0xFF); // skipping 127 + 128 · 127 entries, more than A and b hold
      out.writeByte(0x7F);
      out.writeByte(1);
      out.writeInt(0);
      out.writeInt(0);
      out.writeInt(0);
    }
    assertThatThrownBy(() -> BanditLearner.restore(bytes.toByteArray(), BanditSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tea-5");
  }

  @Test
  void theChunksHoldTheSnapshotInOrderNoneLargerThanOneMebibyte() {
    BanditLearner learner = SnapshotStates.learned(300, 60_000, 9);

    List<ByteBuffer> chunks = BanditSnapshot.writeChunks(learner);

    assertThat(chunks).hasSizeGreaterThan(1);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (ByteBuffer chunk : chunks) {
      assertThat(chunk.remaining()).isBetween(1, ChunkedOutputStream.CHUNK_BYTES);
      byte[] part = new byte[chunk.remaining()];
      chunk.duplicate().get(part);
      joined.writeBytes(part);
    }
    assertThat(joined.toByteArray()).isEqualTo(learner.snapshot());
  }
}
