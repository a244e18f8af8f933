package org.tailor.agent.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The agent's user-facing text (kiosk page, till console, error messages) in one of the languages
 * Tailor speaks: English, Spanish, Bulgarian, Persian (written right to left) and Traditional
 * Chinese. Backed by the {@code org.tailor.agent.i18n.texts} resource bundles.
 */
public final class Texts {

  /** The languages the agent has texts in, as BCP 47 tags. */
  public static final List<String> LANGUAGES = List.of("en", "es", "bg", "fa", "zh-TW");

  private static final String BUNDLE = "org.tailor.agent.i18n.texts";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final String language;
  private final Locale locale;
  private final ResourceBundle bundle;

  private Texts(String language) {
    this.language = language;
    this.locale = Locale.forLanguageTag(language);
    this.bundle = ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK);
  }

  /** The texts in a supported language, given exactly as one of {@link #LANGUAGES}. */
  public static Texts in(String language) {
    if (!LANGUAGES.contains(language)) {
      throw new IllegalArgumentException("unsupported language " + language);
    }
    return new Texts(language);
  }

  /**
   * The supported language closest to a BCP 47 tag from outside (a shopper's profile, a remote
   * configuration): the same tag ignoring case, else the same language ({@code zh} in any form
   * reads as {@code zh-TW}, {@code es-MX} as {@code es}); empty when none fits.
   */
  public static Optional<String> supported(String tag) {
    if (tag == null || tag.isBlank()) {
      return Optional.empty();
    }
    for (String language : LANGUAGES) {
      if (language.equalsIgnoreCase(tag.strip())) {
        return Optional.of(language);
      }
    }
    String primary = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
    for (String language : LANGUAGES) {
      if (Locale.forLanguageTag(language).getLanguage().equals(primary)) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }

  /** The supported language closest to {@code tag}, or {@code fallback} when none fits. */
  public static Texts closestTo(String tag, String fallback) {
    return in(supported(tag).orElse(fallback));
  }

  /** The BCP 47 tag of these texts. */
  public String language() {
    return language;
  }

  public Locale locale() {
    return locale;
  }

  /** True when the language is written right to left (Persian). */
  public boolean rightToLeft() {
    return "fa".equals(locale.getLanguage());
  }

  /**
   * The text for a key with its {@link MessageFormat} arguments filled in (so a quote in a text is
   * written twice).
   */
  public String get(String key, Object... arguments) {
    Objects.requireNonNull(key, "key");
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no text " + key + " in " + language, e);
    }
    return new MessageFormat(pattern, locale).format(arguments);
  }
}
