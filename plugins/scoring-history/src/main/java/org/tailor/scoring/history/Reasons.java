package org.tailor.scoring.history;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The explanations staff read, in the host's language, from this bundle's own {@code
 * org/tailor/scoring/history/reasons*.properties} (en, es, bg, fa, zh-TW).
 */
public final class Reasons {

  private final ResourceBundle bundle;
  private final Locale locale;
  private final Map<Memo, String> formatted = new ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED = 20_000;
  private final Joined joined;

  private Reasons(ResourceBundle bundle, Locale locale) {
    this.bundle = bundle;
    this.locale = locale;
    this.joined = Joined.of(new MessageFormat(bundle.getString("join"), locale));
  }

  /**
   * The {@code join} message, {@code "{0}; {1}"} in English, cut once into the words around its two
   * arguments: both are words already, which a {@link MessageFormat} puts in as they are, so
   * joining is putting the pieces together. Not remembered with the other messages: its arguments
   * are whole reasons, whose pairs are too many to remember and would push the others out.
   *
   * @param pieces the words before the first argument, between the arguments and after the last
   * @param secondFirst whether {@code {1}} comes before {@code {0}} in the message
   */
  private record Joined(String[] pieces, boolean secondFirst) {

    private static final String FIRST = "\uE000";
    private static final String SECOND = "\uE001";

    static Joined of(MessageFormat join) {
      String words = join.format(new Object[] {FIRST, SECOND});
      int first = words.indexOf(FIRST);
      int second = words.indexOf(SECOND);
      if (first < 0
          || second < 0
          || words.indexOf(FIRST, first + 1) >= 0
          || words.indexOf(SECOND, second + 1) >= 0) {
        throw new IllegalStateException(
            "message join = \"" + join.toPattern() + "\": expected {0} and {1} once each");
      }
      int early = Math.min(first, second);
      int late = Math.max(first, second);
      return new Joined(
          new String[] {
            words.substring(0, early), words.substring(early + 1, late), words.substring(late + 1)
          },
          second < first);
    }

    String join(String first, String second) {
      String early = secondFirst ? second : first;
      String late = secondFirst ? first : second;
      return pieces[0] + early + pieces[1] + late + pieces[2];
    }
  }

  /** The reasons in the language of a BCP 47 tag, English when there is no translation. */
  public static Reasons in(String languageTag) {
    Locale locale = Locale.forLanguageTag(languageTag);
    ResourceBundle bundle =
        ResourceBundle.getBundle(
            "org.tailor.scoring.history.reasons",
            locale,
            Reasons.class.getClassLoader(),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    return new Reasons(bundle, locale);
  }

  String bought(String category, int receipts, int days) {
    return format("bought", category, receipts, days);
  }

  String notBought(String category, int days) {
    return format("notBought", category, days);
  }

  String alsoBought(String sourceCategory, String category) {
    return format("alsoBought", sourceCategory, category);
  }

  String declared(String category) {
    return format("declared", category);
  }

  String bestsellerInStore(int rank, String storeCode) {
    return format("bestsellerInStore", rank, storeCode);
  }

  String bestsellerInChain(int rank) {
    return format("bestsellerInChain", rank);
  }

  String nothingKnown(String category) {
    return format("nothingKnown", category);
  }

  /** What the plugin waits for while it builds its first model (not remembered: seldom asked). */
  String firstModel(int ledgerDays) {
    return new MessageFormat(bundle.getString("firstModel"), locale)
        .format(new Object[] {ledgerDays});
  }

  String join(String first, String second) {
    return joined.join(first, second);
  }

  /**
   * A message and its arguments, as the key its words are remembered by. Its hash mixes each part
   * with a large odd multiplier: the arguments are mostly small numbers and short codes (a rank and
   * a store, a category and a count), whose plain 31-polynomial hashes (a list's) collide by the
   * hundred.
   */
  private record Memo(String key, Object[] arguments) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Memo memo
          && key.equals(memo.key)
          && Arrays.equals(arguments, memo.arguments);
    }

    @Override
    public int hashCode() {
      long hash = key.hashCode();
      for (Object argument : arguments) {
        hash = (hash ^ argument.hashCode()) * 0x9E3779B97F4A7C15L;
      }
      return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public String toString() {
      return key + Arrays.toString(arguments);
    }
  }

  /**
   * The message in words, remembered: a decision asks for the same few messages (a category and a
   * window, a rank and a store) for every candidate offer, and parsing a {@link MessageFormat} for
   * each would cost more than scoring the offer.
   */
  private String format(String key, Object... arguments) {
    Memo memoKey = new Memo(key, arguments);
    String known = formatted.get(memoKey);
    if (known != null) {
      return known;
    }
    String words = new MessageFormat(bundle.getString(key), locale).format(arguments);
    if (formatted.size() >= MAX_REMEMBERED) {
      formatted.clear();
    }
    formatted.put(memoKey, words);
    return words;
  }
}
