package org.tailor.server.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Renders {@link Message}s from the UTF-8 bundles under {@code i18n/}. Tailor ships English,
 * Spanish ({@code es}), Bulgarian ({@code bg}), Persian ({@code fa}, right-to-left) and Traditional
 * Chinese ({@code zh-TW}); a missing translation falls back to English.
 */
public final class Messages {

  /** The languages every bundle is translated into, as BCP 47 tags. */
  public static final List<String> SHIPPED_LANGUAGES = List.of("en", "es", "bg", "fa", "zh-TW");

  private static final ResourceBundle.Control NO_SYSTEM_LOCALE_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private Messages() {}

  public static String format(Message message, Locale locale) {
    String pattern = pattern(message.bundle(), message.key(), locale);
    return new MessageFormat(pattern, locale).format(message.args().toArray());
  }

  /** The raw pattern of a key; throws if even the English bundle lacks it. */
  public static String pattern(String bundle, String key, Locale locale) {
    ResourceBundle resources =
        ResourceBundle.getBundle("i18n." + bundle, locale, NO_SYSTEM_LOCALE_FALLBACK);
    try {
      return resources.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException(
          "message " + key + " is missing from bundle i18n/" + bundle + ".properties", e);
    }
  }

  /** Whether a language is written right to left (Persian, Arabic, Hebrew, Urdu). */
  public static boolean isRightToLeft(Locale locale) {
    return switch (locale.getLanguage()) {
      case "fa", "ar", "he", "ur" -> true;
      default -> false;
    };
  }
}
