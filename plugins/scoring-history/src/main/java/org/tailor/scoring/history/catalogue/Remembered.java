package org.tailor.scoring.history.catalogue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers worked out once and remembered, safe for the deciding threads to share, for questions a
 * decision asks again and again about the few dozen categories and stores of a chain. It holds at
 * most {@value #MOST} answers: when full it forgets them all and learns them again, so that
 * unexpected keys cannot grow it without bound.
 *
 * @param <K> the question
 * @param <V> its answer, never {@code null}
 */
public final class Remembered<K, V> {

  /** How many answers are kept at most. */
  public static final int MOST = 4096;

  private final Map<K, V> answers = new ConcurrentHashMap<>();

  /**
   * The answer to {@code question}, worked out by {@code work} the first time (two threads asking
   * at once may both work it out; both then get the answer kept).
   */
  public V get(K question, Function<? super K, ? extends V> work) {
    V known = answers.get(question);
    if (known != null) {
      return known;
    }
    if (answers.size() >= MOST) {
      answers.clear();
    }
    V made = work.apply(question);
    V kept = answers.putIfAbsent(question, made);
    return kept != null ? kept : made;
  }
}
