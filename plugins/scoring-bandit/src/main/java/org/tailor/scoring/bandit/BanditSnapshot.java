package org.tailor.scoring.bandit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tailor.scoring.bandit.linucb.LinUcbArm;

/**
 * The bandit's saved form, a small binary format (Java {@code DataOutput}, big-endian), version 3:
 *
 * <pre>
 *   int magic "TBND", int version 3, int d (102)
 *   int offers; per offer: UTF code, int keys; per key: UTF key ("" = the offer, "/segment"),
 *                                                   long trials, long successes
 *   int arms; per arm: UTF code, d·d doubles A (row-major), d doubles b
 *   int presentations (oldest first); per presentation: UTF id, UTF situation, int k, k ints
 *       (active situation features), int n, n UTF offers shown, int l, l UTF offers shown in a
 *       declared category, int v, v × (UTF offer shown, int affinity level 0–3), int m, m UTF
 *       offers redeemed
 *   int redemptions (oldest first); per redemption: UTF message id
 *   int categories; per offer: UTF code, UTF category
 * </pre>
 *
 * Versions 1 (d = 97, before the declared-category feature) and 2 (d = 98, before the
 * purchase-affinity levels) are migrated: each LinUCB arm gains the new features as if they had
 * never been 1 (A's new rows and columns those of the identity, b's new entries 0), so what it
 * learned is kept exactly; Thompson counts of known shoppers' segments are dropped, since the
 * segments now also hold the affinity level and the old counts cannot be split by it (the offers'
 * own counts and the {@code newcomer} segment, whose level is always none, stay); remembered
 * presentations keep crediting their redemptions, to the offer's own count and with the features
 * their trial was learned with. {@link #read} says so in words, for the log. A snapshot that cannot
 * be read is refused with an exception saying why; the plugin then does not start rather than
 * forget silently what it learned.
 */
final class BanditSnapshot {

  static final int MAGIC = 0x54424E44; // "TBND"
  static final int VERSION = 3;

  private BanditSnapshot() {}

  /**
   * Writes the learner's state; the caller holds its lock. The LinUCB arms, most of the bytes
   * (about 84 kB per offer), are copied in bulk straight into the one array returned: a snapshot of
   * many offers is a "humongous" object for the garbage collector, so it is allocated once, at its
   * exact size, and not also grown and copied.
   */
  static byte[] write(BanditLearner learner) {
    int d = ContextFeatures.DIMENSION;
    int armBytes = (d * d + d) * Double.BYTES;
    try {
      ByteArrayOutputStream head = new ByteArrayOutputStream(1 << 16);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(head, 1 << 16))) {
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
      }
      List<Map.Entry<String, LinUcbArm>> arms = List.copyOf(learner.linUcb().arms().entrySet());
      List<byte[]> codes = new ArrayList<>(arms.size());
      long armsSection = Integer.BYTES;
      for (Map.Entry<String, LinUcbArm> arm : arms) {
        byte[] code = utf(arm.getKey());
        codes.add(code);
        armsSection += code.length + armBytes;
      }
      ByteArrayOutputStream tail = new ByteArrayOutputStream(1 << 16);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(tail, 1 << 16))) {
        Map<String, BanditLearner.RememberedPresentation> presentations =
            learner.rememberedPresentations();
        out.writeInt(presentations.size());
        for (Map.Entry<String, BanditLearner.RememberedPresentation> p : presentations.entrySet()) {
          out.writeUTF(p.getKey());
          out.writeUTF(p.getValue().features().situation());
          int[] active = p.getValue().features().activeView();
          out.writeInt(active.length);
          for (int i : active) {
            out.writeInt(i);
          }
          writeStrings(out, p.getValue().shown());
          writeStrings(out, p.getValue().liked());
          Map<String, Integer> levels = p.getValue().levels();
          out.writeInt(levels.size());
          for (Map.Entry<String, Integer> level : levels.entrySet()) {
            out.writeUTF(level.getKey());
            out.writeInt(level.getValue());
          }
          writeStrings(out, p.getValue().redeemed());
        }
        writeStrings(out, learner.rememberedRedemptions());
        Map<String, String> categories = learner.offerCategories();
        out.writeInt(categories.size());
        for (Map.Entry<String, String> category : categories.entrySet()) {
          out.writeUTF(category.getKey());
          out.writeUTF(category.getValue());
        }
      }
      long total = head.size() + armsSection + tail.size();
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(
            "bandit state of "
                + arms.size()
                + " LinUCB arms is too large to save: "
                + total
                + " bytes");
      }
      byte[] all = new byte[(int) total];
      ByteBuffer buffer = ByteBuffer.wrap(all); // big-endian, as DataOutput writes
      buffer.put(head.toByteArray());
      buffer.putInt(arms.size());
      for (int a = 0; a < arms.size(); a++) {
        buffer.put(codes.get(a));
        arms.get(a).getValue().put(buffer.asDoubleBuffer());
        buffer.position(buffer.position() + armBytes);
      }
      buffer.put(tail.toByteArray());
      if (buffer.hasRemaining()) {
        throw new IllegalStateException("bandit state: " + buffer.remaining() + " bytes unwritten");
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A string as {@link DataOutputStream#writeUTF(String)} writes it, with its length. */
  private static byte[] utf(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + text.length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(text);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a snapshot into a new learner; returns, for an older version, what migrating it changed.
   */
  static Optional<String> read(byte[] snapshot, BanditLearner learner) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("bandit state: not a bandit snapshot (magic differs)");
      }
      int version = in.readInt();
      if (version < 1 || version > VERSION) {
        throw new IllegalArgumentException(
            "bandit state: snapshot version " + version + ", expected 1 to " + VERSION);
      }
      int d = in.readInt();
      int expected =
          switch (version) {
            case 1 -> ContextFeatures.SITUATION_DIMENSION;
            case 2 -> ContextFeatures.LIKED_DIMENSION;
            default -> ContextFeatures.DIMENSION;
          };
      if (d != expected) {
        throw new IllegalArgumentException(
            "bandit state: "
                + d
                + " features in a version "
                + version
                + " snapshot, expected "
                + expected);
      }
      int offers = count(in);
      long droppedSegments = 0;
      for (int o = 0; o < offers; o++) {
        String offer = in.readUTF();
        int keys = count(in);
        for (int k = 0; k < keys; k++) {
          String key = in.readUTF();
          long trials = in.readLong();
          long successes = in.readLong();
          if (version < VERSION && !key.isEmpty() && !key.equals("/newcomer")) {
            droppedSegments++; // a known shopper's segment without the affinity level
            continue;
          }
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
        learner
            .linUcb()
            .restore(offer, LinUcbArm.of(ContextFeatures.DIMENSION, widen(matrix, d), widen(b)));
      }
      int presentations = count(in);
      for (int p = 0; p < presentations; p++) {
        String id = in.readUTF();
        String situation = in.readUTF();
        if (version == 1) {
          int likes = situation.indexOf("/likes-");
          situation = likes < 0 ? situation : situation.substring(0, likes);
        }
        int[] active = new int[count(in)];
        for (int i = 0; i < active.length; i++) {
          active[i] = in.readInt();
        }
        Set<String> shown = readStrings(in);
        Set<String> liked = version == 1 ? new LinkedHashSet<>() : readStrings(in);
        Map<String, Integer> levels = new HashMap<>();
        if (version >= 3) {
          int n = count(in);
          for (int i = 0; i < n; i++) {
            String offer = in.readUTF();
            int level = in.readInt();
            if (level < 0 || level >= PurchaseAffinity.LEVELS || !shown.contains(offer)) {
              throw new IllegalArgumentException(
                  "bandit state: presentation "
                      + id
                      + ": affinity level "
                      + level
                      + " of offer "
                      + offer
                      + ", expected 0 to 3 for an offer shown");
            }
            levels.put(offer, level);
          }
        }
        Set<String> redeemed = readStrings(in);
        learner.remember(
            id,
            new BanditLearner.RememberedPresentation(
                ContextFeatures.of(active, situation), shown, liked, redeemed, levels));
      }
      for (String messageId : readStrings(in)) {
        learner.rememberRedemption(messageId);
      }
      if (version >= 2) {
        int categories = count(in);
        for (int c = 0; c < categories; c++) {
          String offer = in.readUTF();
          learner.offerCategories().put(offer, in.readUTF());
        }
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("bandit state: unexpected bytes after the snapshot");
      }
      if (version == VERSION) {
        return Optional.empty();
      }
      return Optional.of(
          "bandit state: snapshot version "
              + version
              + " migrated to "
              + VERSION
              + " (purchase-affinity levels): "
              + arms
              + " LinUCB arms kept with the new features as never seen, "
              + offers
              + " offers' overall Thompson counts kept, "
              + droppedSegments
              + " known-shopper segment counts dropped (the segments now include the affinity"
              + " level), "
              + presentations
              + " remembered presentations credit redemptions to the offer's own count");
    } catch (IOException e) {
      throw new IllegalArgumentException("bandit state: truncated or unreadable snapshot", e);
    }
  }

  /** A of an older arm with the new features added as never seen: identity rows and columns. */
  private static double[] widen(double[] matrix, int d) {
    int wide = ContextFeatures.DIMENSION;
    if (d == wide) {
      return matrix;
    }
    double[] widened = new double[wide * wide];
    for (int r = 0; r < d; r++) {
      System.arraycopy(matrix, r * d, widened, r * wide, d);
    }
    for (int i = d; i < wide; i++) {
      widened[i * wide + i] = 1;
    }
    return widened;
  }

  private static double[] widen(double[] b) {
    return java.util.Arrays.copyOf(b, ContextFeatures.DIMENSION);
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
