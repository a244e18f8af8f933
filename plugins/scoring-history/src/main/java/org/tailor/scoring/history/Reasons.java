package org.tailor.scoring.history;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The explanations staff read, in the host's language, from this bundle's own {@code
 * org/tailor/scoring/history/reasons*.properties} (en, es, bg, fa, zh-TW).
 */
public final class Reasons {

  private final ResourceBundle bundle;
  private final Locale locale;

  private Reasons(ResourceBundle bundle, Locale locale) {
    this.bundle = bundle;
    this.locale = locale;
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

  String join(String first, String second) {
    return format("join", first, second);
  }

  private String format(String key, Object... arguments) {
    return new MessageFormat(bundle.getString(key), locale).format(arguments);
  }
}
