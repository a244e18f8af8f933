package org.tailor.scoring.bandit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tailor.scoring.bandit.linucb.LinUcbArm;

/**
 * The bandit's saved form, a small binary format (Java {@code DataOutput}, big-endian), version 4:
 *
 * <pre>
 *   int magic "TBND", int version 4, int d (102)
 *   int offers; per offer: UTF code, int keys; per key: UTF key ("" = the offer, "/segment"),
 *                                                   long trials, long successes
 *   int arms; per arm: UTF code, byte form, then
 *       form 0 (counts): varint n; n × (varint entries skipped, varint count), over the
 *           d(d+1)/2 entries A_ij − δ_ij of A's upper triangle (i ≤ j, row by row) followed by
 *           the d entries of b; an entry not given is 0
 *       form 1 (raw): d·d doubles A (row-major), d doubles b
 *   int presentations (oldest first); per presentation: UTF id, UTF situation, int k, k ints
 *       (active situation features), int n, n UTF offers shown, int l, l UTF offers shown in a
 *       declared category, int v, v × (UTF offer shown, int affinity level 0–3), int m, m UTF
 *       offers redeemed
 *   int redemptions (oldest first); per redemption: UTF message id
 *   int categories; per offer: UTF code, UTF category
 * </pre>
 *
 * A varint is an unsigned whole number in groups of 7 bits, least significant first, the high bit
 * set on every byte but the last (as in Protocol Buffers); "entries skipped" counts the zero
 * entries between the previous count given (or the start) and this one. Form 0 holds what a LinUCB
 * arm learns from binary features: A = I + Σ x xᵀ and b = Σ x over rewarded presentations are
 * counts, so A is symmetric and every entry of A − I and b a whole number, most of them 0. An arm
 * takes some hundred bytes to a few kilobytes instead of 84 kB, and reads back bit for bit; an arm
 * with any other value (A not symmetric, an entry not a whole number from 0 to 2⁵³ − 1, or −0) is
 * written raw.
 *
 * <p>Version 3 is version 4 with every arm raw and no form byte. Versions 1 (d = 97, before the
 * declared-category feature) and 2 (d = 98, before the purchase-affinity levels) are migrated: each
 * LinUCB arm gains the new features as if they had never been 1 (A's new rows and columns those of
 * the identity, b's new entries 0), so what it learned is kept exactly; Thompson counts of known
 * shoppers' segments are dropped, since the segments now also hold the affinity level and the old
 * counts cannot be split by it (the offers' own counts and the {@code newcomer} segment, whose
 * level is always none, stay); remembered presentations keep crediting their redemptions, to the
 * offer's own count and with the features their trial was learned with. {@link #read} says so in
 * words, for the log. A snapshot that cannot be read is refused with an exception saying why; the
 * plugin then does not start rather than forget silently what it learned.
 */
final class BanditSnapshot {

  static final int MAGIC = 0x54424E44; // "TBND"
  static final int VERSION = 4;

  /** The first version with the purchase-affinity levels, whose segment counts are kept. */
  static final int AFFINITY_LEVELS = 3;

  /** The first version whose arms may be written as counts. */
  static final int COUNTED_ARMS = 4;

  static final int ARM_COUNTS = 0;
  static final int ARM_RAW = 1;

  /** Counts below this are whole doubles exactly, and take at most 8 bytes as varints. */
  private static final double LARGEST_COUNT = 0x1p53;

  private BanditSnapshot() {}

  /** Writes the learner's state into one array; the caller holds its read lock. */
  static byte[] write(BanditLearner learner) {
    List<ByteBuffer> chunks = writeChunks(learner);
    long total = 0;
    for (ByteBuffer chunk : chunks) {
      total += chunk.remaining();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("bandit state too large for one array: " + total + " bytes");
    }
    ByteBuffer all = ByteBuffer.allocate((int) total);
    for (ByteBuffer chunk : chunks) {
      all.put(chunk.duplicate());
    }
    return all.array();
  }

  /**
   * Writes the learner's state in chunks of at most {@link ChunkedOutputStream#CHUNK_BYTES}, so
   * that no array of it is "humongous" for the garbage collector. The caller holds the learner's
   * read lock, which keeps learning out ({@link BanditLearner#snapshotChunks}).
   */
  static List<ByteBuffer> writeChunks(BanditLearner learner) {
    int d = ContextFeatures.DIMENSION;
    ChunkedOutputStream chunks = new ChunkedOutputStream();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(chunks, 1 << 16))) {
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
        writeArm(out, arm.getValue(), d);
      }
      writePresentations(out, learner.presentationStore());
      IdRing redemptions = learner.rememberedRedemptions();
      out.writeInt(redemptions.size());
      for (int i = 0; i < redemptions.size(); i++) {
        out.writeUTF(redemptions.id(redemptions.slotAt(i)));
      }
      // scoring adds categories meanwhile: the count written must be that of the entries written
      Map<String, String> categories = Map.copyOf(learner.offerCategories());
      out.writeInt(categories.size());
      for (Map.Entry<String, String> category : categories.entrySet()) {
        out.writeUTF(category.getKey());
        out.writeUTF(category.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chunks.chunks();
  }

  /**
   * The remembered presentations, oldest first, read from the store's arrays: per offer shown, in
   * the order shown, its code, then those liked, their levels and those redeemed, as the sets and
   * map of the objects that held them before wrote them.
   */
  private static void writePresentations(DataOutputStream out, RememberedPresentations store)
      throws IOException {
    out.writeInt(store.size());
    for (int p = 0; p < store.size(); p++) {
      int slot = store.slotAt(p);
      out.writeUTF(store.id(slot));
      out.writeUTF(store.situation(slot));
      int[] active = store.active(slot);
      out.writeInt(active.length);
      for (int i : active) {
        out.writeInt(i);
      }
      int n = store.shownCount(slot);
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeUTF(store.offer(slot, i));
      }
      writeOffersHaving(out, store, slot, RememberedPresentations.LIKED);
      int known = 0;
      for (int i = 0; i < n; i++) {
        known += store.level(slot, i) == BanditLearner.UNKNOWN_LEVEL ? 0 : 1;
      }
      out.writeInt(known);
      for (int i = 0; i < n; i++) {
        int level = store.level(slot, i);
        if (level != BanditLearner.UNKNOWN_LEVEL) {
          out.writeUTF(store.offer(slot, i));
          out.writeInt(level);
        }
      }
      writeOffersHaving(out, store, slot, RememberedPresentations.REDEEMED);
    }
  }

  /** The number of the offers shown whose state has {@code flag}, then their codes. */
  private static void writeOffersHaving(
      DataOutputStream out, RememberedPresentations store, int slot, int flag) throws IOException {
    int n = store.shownCount(slot);
    int having = 0;
    for (int i = 0; i < n; i++) {
      having += (store.state(slot, i) & flag) != 0 ? 1 : 0;
    }
    out.writeInt(having);
    for (int i = 0; i < n; i++) {
      if ((store.state(slot, i) & flag) != 0) {
        out.writeUTF(store.offer(slot, i));
      }
    }
  }

  /** An arm as its counts (form 0) when it holds only counts, else raw (form 1). */
  private static void writeArm(DataOutputStream out, LinUcbArm arm, int d) throws IOException {
    int given = 0;
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double count = arm.a(i, j) - (i == j ? 1 : 0);
        if (!isCount(count) || arm.a(j, i) != arm.a(i, j)) {
          writeRaw(out, arm, d);
          return;
        }
        given += count == 0 ? 0 : 1;
      }
    }
    for (int i = 0; i < d; i++) {
      if (!isCount(arm.b(i))) {
        writeRaw(out, arm, d);
        return;
      }
      given += arm.b(i) == 0 ? 0 : 1;
    }
    out.writeByte(ARM_COUNTS);
    writeVarint(out, given);
    long skipped = 0;
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        skipped = writeCount(out, (long) (arm.a(i, j) - (i == j ? 1 : 0)), skipped);
      }
    }
    for (int i = 0; i < d; i++) {
      skipped = writeCount(out, (long) arm.b(i), skipped);
    }
  }

  /** Writes a count not 0 after the zeros before it; returns how many zeros now come before. */
  private static long writeCount(DataOutputStream out, long count, long skipped)
      throws IOException {
    if (count == 0) {
      return skipped + 1;
    }
    writeVarint(out, skipped);
    writeVarint(out, count);
    return 0;
  }

  /** Whether a value is a whole number from 0 to 2⁵³ − 1, which a count gives back bit for bit. */
  private static boolean isCount(double value) {
    return value >= 0
        && value < LARGEST_COUNT
        && value == Math.rint(value)
        && Double.doubleToRawLongBits(value) >= 0; // not −0
  }

  private static void writeRaw(DataOutputStream out, LinUcbArm arm, int d) throws IOException {
    out.writeByte(ARM_RAW);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        out.writeDouble(arm.a(i, j));
      }
    }
    for (int i = 0; i < d; i++) {
      out.writeDouble(arm.b(i));
    }
  }

  private static void writeVarint(DataOutputStream out, long value) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
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
          if (version < AFFINITY_LEVELS && !key.isEmpty() && !key.equals("/newcomer")) {
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
        double[] b = new double[d];
        int form = version >= COUNTED_ARMS ? in.readUnsignedByte() : ARM_RAW;
        if (form == ARM_COUNTS) {
          readCounts(in, offer, matrix, b, d);
        } else if (form == ARM_RAW) {
          for (int i = 0; i < matrix.length; i++) {
            matrix[i] = in.readDouble();
          }
          for (int i = 0; i < d; i++) {
            b[i] = in.readDouble();
          }
        } else {
          throw new IllegalArgumentException(
              "bandit state: LinUCB arm of offer "
                  + offer
                  + " in form "
                  + form
                  + ", expected 0 or 1");
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
        String[] codes = shown.toArray(String[]::new);
        byte[] state = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
          state[i] =
              RememberedPresentations.state(
                  levels.getOrDefault(codes[i], BanditLearner.UNKNOWN_LEVEL),
                  liked.contains(codes[i]),
                  redeemed.contains(codes[i]));
        }
        learner.remember(id, ContextFeatures.of(active, situation), codes, state);
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
      if (version >= AFFINITY_LEVELS) {
        return Optional.empty(); // version 3 differs only in how the arms are written
      }
      return Optional.of(
          "bandit state: snapshot version "
              + version
              + " migrated to "
              + AFFINITY_LEVELS
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

  /** Reads an arm's counts (form 0) into A, with the identity added and mirrored, and b. */
  private static void readCounts(
      DataInputStream in, String offer, double[] matrix, double[] b, int d) throws IOException {
    for (int i = 0; i < d; i++) {
      matrix[i * d + i] = 1;
    }
    long triangle = (long) d * (d + 1) / 2;
    long entries = triangle + d;
    long n = readVarint(in, offer);
    long at = -1;
    int row = 0;
    for (long k = 0; k < n; k++) {
      long skipped = readVarint(in, offer);
      at = skipped >= entries ? entries : at + skipped + 1;
      long count = readVarint(in, offer);
      if (at >= entries || count == 0 || count >= (long) LARGEST_COUNT) {
        throw new IllegalArgumentException(
            "bandit state: LinUCB arm of offer "
                + offer
                + ": count "
                + count
                + " at entry "
                + at
                + ", expected 1 to 2^53 - 1 at an entry below "
                + entries);
      }
      if (at >= triangle) {
        b[(int) (at - triangle)] = count;
      } else {
        while (upperTriangleStart(row + 1, d) <= at) {
          row++; // entries come in order, so the row only moves forward
        }
        int column = (int) (at - upperTriangleStart(row, d)) + row;
        matrix[row * d + column] += count;
        if (column != row) {
          matrix[column * d + row] = count;
        }
      }
    }
  }

  /** How many entries of the upper triangle (i ≤ j, row by row) come before row {@code row}. */
  private static long upperTriangleStart(int row, int d) {
    return (long) row * d - (long) row * (row - 1) / 2;
  }

  private static long readVarint(DataInputStream in, String offer) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "bandit state: LinUCB arm of offer " + offer + ": a count longer than 9 bytes");
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
