package org.tailor.scoring.bandit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.tailor.scoring.bandit.linucb.LinUcbArm;

/**
 * The bandit's saved form, a small binary format (Java {@code DataOutput}, big-endian):
 *
 * <pre>
 *   int magic "TBND", int version 1, int d
 *   int offers; per offer: UTF code, int keys; per key: UTF key ("" = the offer, "/segment"),
 *                                                   long trials, long successes
 *   int arms; per arm: UTF code, d·d doubles A (row-major), d doubles b
 *   int presentations (oldest first); per presentation: UTF id, UTF segment, int k, k ints
 *       (active features), int n, n UTF offers shown, int m, m UTF offers redeemed
 *   int redemptions (oldest first); per redemption: UTF message id
 * </pre>
 *
 * A snapshot that cannot be read is refused with an exception saying why; the plugin then does not
 * start rather than forget silently what it learned.
 */
final class BanditSnapshot {

  static final int MAGIC = 0x54424E44; // "TBND"
  static final int VERSION = 1;

  private BanditSnapshot() {}

  static byte[] write(BanditLearner learner) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      int d = ContextFeatures.DIMENSION;
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(d);
      Map<String, Map<String, long[]>> counts = learner.thompson().allCounts();
      out.writeInt(counts.size());
      for (Map.Entry<String, Map<String, long[]>> offer : counts.entrySet()) {
        out.writeUTF(offer.getKey());
        out.writeInt(offer.getValue().size());
        for (Map.Entry<String, long[]> key : offer.getValue().entrySet()) {
          out.writeUTF(key.getKey());
          out.writeLong(key.getValue()[0]);
          out.writeLong(key.getValue()[1]);
        }
      }
      Map<String, LinUcbArm> arms = learner.linUcb().arms();
      out.writeInt(arms.size());
      for (Map.Entry<String, LinUcbArm> arm : arms.entrySet()) {
        out.writeUTF(arm.getKey());
        for (double v : arm.getValue().a()) {
          out.writeDouble(v);
        }
        for (double v : arm.getValue().b()) {
          out.writeDouble(v);
        }
      }
      Map<String, BanditLearner.RememberedPresentation> presentations =
          learner.rememberedPresentations();
      out.writeInt(presentations.size());
      for (Map.Entry<String, BanditLearner.RememberedPresentation> p : presentations.entrySet()) {
        out.writeUTF(p.getKey());
        out.writeUTF(p.getValue().features().segment());
        int[] active = p.getValue().features().activeView();
        out.writeInt(active.length);
        for (int i : active) {
          out.writeInt(i);
        }
        writeStrings(out, p.getValue().shown());
        writeStrings(out, p.getValue().redeemed());
      }
      writeStrings(out, learner.rememberedRedemptions());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static void read(byte[] snapshot, BanditLearner learner) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("bandit state: not a bandit snapshot (magic differs)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "bandit state: snapshot version " + version + ", expected " + VERSION);
      }
      int d = in.readInt();
      if (d != ContextFeatures.DIMENSION) {
        throw new IllegalArgumentException(
            "bandit state: " + d + " features, expected " + ContextFeatures.DIMENSION);
      }
      int offers = count(in);
      for (int o = 0; o < offers; o++) {
        String offer = in.readUTF();
        int keys = count(in);
        for (int k = 0; k < keys; k++) {
          String key = in.readUTF();
          long trials = in.readLong();
          long successes = in.readLong();
          learner.thompson().restore(offer, key, trials, successes);
        }
      }
      int arms = count(in);
      for (int a = 0; a < arms; a++) {
        String offer = in.readUTF();
        double[] matrix = new double[d * d];
        for (int i = 0; i < matrix.length; i++) {
          matrix[i] = in.readDouble();
        }
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
          b[i] = in.readDouble();
        }
        learner.linUcb().restore(offer, LinUcbArm.of(d, matrix, b));
      }
      int presentations = count(in);
      for (int p = 0; p < presentations; p++) {
        String id = in.readUTF();
        String segment = in.readUTF();
        int[] active = new int[count(in)];
        for (int i = 0; i < active.length; i++) {
          active[i] = in.readInt();
        }
        Set<String> shown = readStrings(in);
        Set<String> redeemed = readStrings(in);
        learner.remember(
            id,
            new BanditLearner.RememberedPresentation(
                ContextFeatures.of(active, segment), shown, redeemed));
      }
      for (String messageId : readStrings(in)) {
        learner.rememberRedemption(messageId);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("bandit state: unexpected bytes after the snapshot");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("bandit state: truncated or unreadable snapshot", e);
    }
  }

  private static void writeStrings(DataOutputStream out, Set<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      out.writeUTF(s);
    }
  }

  private static Set<String> readStrings(DataInputStream in) throws IOException {
    int n = count(in);
    Set<String> strings = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      strings.add(in.readUTF());
    }
    return strings;
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IllegalArgumentException("bandit state: negative count " + n);
    }
    return n;
  }
}
