package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdRingTest {

  /** The ids held, oldest first, as the ring gives them back. */
  private static List<String> held(IdRing ring) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ring.size(); i++) {
      ids.add(ring.id(ring.slotAt(i)));
    }
    return ids;
  }

  @Test
  void evictsTheEldestFirstOnceFull() {
    IdRing ring = new IdRing(3);
    for (String id : List.of("1", "p2", "3")) {
      ring.add(id);
    }
    assertThat(held(ring)).containsExactly("1", "p2", "3");
    ring.add("4");
    assertThat(held(ring)).containsExactly("p2", "3", "4");
    assertThat(ring.contains("1")).isFalse();
    ring.add("p5");
    ring.add("6");
    assertThat(held(ring)).containsExactly("4", "p5", "6");
    assertThat(ring.contains("p2")).isFalse();
    assertThat(ring.contains("3")).isFalse();
    assertThat(ring.size()).isEqualTo(3);
  }

  @Test
  void wrapsAroundManyTimesKeepingTheLastInOrder() {
    int capacity = 7;
    IdRing ring = new IdRing(capacity);
    Deque<String> expected = new ArrayDeque<>();
    for (int i = 0; i < 1_000; i++) {
      String id = i % 3 == 0 ? "m-" + i : String.valueOf(1_000_000_000_000L + i);
      ring.add(id);
      expected.addLast(id);
      if (expected.size() > capacity) {
        expected.removeFirst();
      }
      assertThat(held(ring)).as("after %d", i).containsExactlyElementsOf(expected);
    }
    assertThat(ring.slots()).isEqualTo(capacity);
  }

  /**
   * Ids that hash to the same home of the index fill a run of it; then ids hashing elsewhere evict
   * them one by one, eldest (at the run's start) first: the entries after each evicted one are
   * shifted back, so every id of the run still held is found and no evicted one is.
   */
  @Test
  void findsEveryIdAfterEvictionsWithinACollidingRun() {
    int capacity = 8;
    IdRing ring = new IdRing(capacity);
    int length = ring.indexLength();
    int home = ring.homeOf("0");
    List<String> colliding = new ArrayList<>();
    for (long n = 0; colliding.size() < capacity; n++) {
      if (ring.homeOf(Long.toString(n)) == home) {
        colliding.add(Long.toString(n));
      }
    }
    // one id for each home past the run, so that none of them lands in it
    String[] elsewhere = new String[length];
    int found = 0;
    for (long n = 0; found < capacity; n++) {
      String id = "q" + n;
      int at = (ring.homeOf(id) - home + length) % length;
      if (at >= capacity && elsewhere[at] == null) {
        elsewhere[at] = id;
        found++;
      }
    }
    colliding.forEach(ring::add);
    int evicted = 0;
    for (String id : elsewhere) {
      if (id == null) {
        continue;
      }
      ring.add(id);
      evicted++;
      for (int j = 0; j < capacity; j++) {
        assertThat(ring.contains(colliding.get(j)))
            .as("%s after %d evicted", colliding.get(j), evicted)
            .isEqualTo(j >= evicted);
      }
      assertThat(ring.contains(id)).isTrue();
    }
    assertThat(evicted).isEqualTo(capacity);
  }

  @Test
  void findsEveryIdHeldAndNoneEvictedAfterManyEvictions() {
    int capacity = 1_000;
    IdRing ring = new IdRing(capacity);
    SplittableRandom random = new SplittableRandom(7);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      String id =
          switch (i % 4) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> String.valueOf(i); // consecutive, as the server's
            case 2 -> "p" + i;
            default -> new UUID(random.nextLong(), random.nextLong()).toString();
          };
      if (!ring.contains(id)) {
        ring.add(id);
        all.add(id);
      }
    }
    assertThat(ring.size()).isEqualTo(capacity);
    for (int i = 0; i < all.size(); i++) {
      String id = all.get(i);
      int slot = ring.find(id);
      if (i < all.size() - capacity) {
        assertThat(slot).as("evicted %s", id).isEqualTo(-1);
      } else {
        assertThat(slot).as("held %s", id).isNotNegative();
        assertThat(ring.id(slot)).isEqualTo(id);
      }
    }
    assertThat(held(ring))
        .containsExactlyElementsOf(all.subList(all.size() - capacity, all.size()));
  }

  @Test
  void numericIdsAreOnlyTheCanonicalOnes() {
    List<String> ids =
        List.of(
            "7",
            "007",
            "p7",
            "-7",
            "+7",
            "0",
            "-0",
            "00",
            "",
            "-",
            "7 ",
            "\u0667", // ARABIC-INDIC DIGIT SEVEN, which Long.parseLong reads as 7
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "12345678901234567890");
    IdRing ring = new IdRing(100);
    for (String id : ids) {
      assertThat(ring.contains(id)).as(id).isFalse();
      ring.add(id);
    }
    for (String id : ids) {
      assertThat(ring.id(ring.find(id))).as(id).isEqualTo(id);
    }
    assertThat(held(ring)).containsExactlyElementsOf(ids);
    assertThat(IdRing.canonical("7")).isTrue();
    assertThat(IdRing.canonical("-7")).isTrue();
    assertThat(IdRing.canonical("0")).isTrue();
    assertThat(IdRing.canonical("9223372036854775807")).isTrue();
    assertThat(IdRing.canonical("-9223372036854775808")).isTrue();
    for (String other :
        List.of("007", "p7", "+7", "-0", "00", "", "-", "7 ", "\u0667", "9223372036854775808")) {
      assertThat(IdRing.canonical(other)).as(other).isFalse();
    }
  }

  @Test
  void aNonNumericIdInASlotOnceNumericIsFoundAndTheNumberNoLonger() {
    IdRing ring = new IdRing(2);
    ring.add("5");
    ring.add("6");
    ring.add("p5"); // into the slot "5" held
    ring.add("7"); // into the slot "6" held: the side array is cleared for it
    assertThat(ring.contains("5")).isFalse();
    assertThat(ring.contains("6")).isFalse();
    assertThat(held(ring)).containsExactly("p5", "7");
    ring.add("8"); // into p5's slot
    assertThat(ring.contains("p5")).isFalse();
    assertThat(held(ring)).containsExactly("7", "8");
  }

  @Test
  void growsItsSlotsAndIndexUpToTheCapacityOnly() {
    IdRing ring = new IdRing(1_000);
    assertThat(ring.slots()).isLessThan(1_000);
    for (int i = 0; i < 1_000; i++) {
      ring.add(String.valueOf(i));
    }
    assertThat(ring.slots()).isEqualTo(1_000);
    assertThat(ring.indexLength()).isEqualTo(2_048);
    for (int i = 0; i < 1_000; i++) {
      assertThat(ring.id(ring.find(String.valueOf(i)))).isEqualTo(String.valueOf(i));
    }
    ring.add("1000");
    assertThat(ring.slots()).isEqualTo(1_000);
    assertThat(ring.contains("0")).isFalse();
  }
}
