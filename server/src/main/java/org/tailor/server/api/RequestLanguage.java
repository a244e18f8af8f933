package org.tailor.server.api;

import java.util.List;
import java.util.Locale;
import org.tailor.server.i18n.Messages;

/**
 * The language to answer a request in: the first of the {@code Accept-Language} ranges (by weight)
 * that Tailor ships a translation for, English otherwise. {@code es-MX} gets Spanish and {@code zh}
 * or {@code zh-Hant} gets Traditional Chinese.
 */
public final class RequestLanguage {

  private RequestLanguage() {}

  public static Locale choose(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return Locale.ENGLISH;
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(acceptLanguage);
    } catch (IllegalArgumentException e) {
      return Locale.ENGLISH;
    }
    for (Locale.LanguageRange range : ranges) {
      if (range.getWeight() <= 0 || range.getRange().equals("*")) {
        continue;
      }
      List<Locale.LanguageRange> one = List.of(range);
      String lookedUp = Locale.lookupTag(one, Messages.SHIPPED_LANGUAGES);
      if (lookedUp != null) {
        return Locale.forLanguageTag(lookedUp);
      }
      if (range.getRange().startsWith("zh")) {
        return Locale.forLanguageTag("zh-TW");
      }
      List<String> filtered = Locale.filterTags(one, Messages.SHIPPED_LANGUAGES);
      if (!filtered.isEmpty()) {
        return Locale.forLanguageTag(filtered.get(0));
      }
    }
    return Locale.ENGLISH;
  }
}
