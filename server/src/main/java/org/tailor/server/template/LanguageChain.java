package org.tailor.server.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The languages to try, in order, for a shopper: their own tag ({@code zh-TW}), its language alone
 * ({@code zh}), the chain's default language, then English.
 */
public final class LanguageChain {

  private LanguageChain() {}

  public static List<String> of(String shopperLanguage, String chainDefault) {
    List<String> chain = new ArrayList<>();
    add(chain, shopperLanguage);
    add(chain, Locale.forLanguageTag(shopperLanguage).getLanguage());
    add(chain, chainDefault);
    add(chain, Locale.forLanguageTag(chainDefault).getLanguage());
    add(chain, "en");
    return List.copyOf(chain);
  }

  private static void add(List<String> chain, String tag) {
    if (tag != null && !tag.isBlank() && !chain.contains(tag)) {
      chain.add(tag);
    }
  }
}
