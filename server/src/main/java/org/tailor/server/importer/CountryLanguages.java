package org.tailor.server.importer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The language to address a shopper in, guessed from the country a data set gives for them (UCI
 * Online Retail names countries in English, with a few of its own spellings such as {@code EIRE}
 * and {@code RSA}). The country's main language; for a country with several, the one most of its
 * people read (documented in {@code docs/import-formats.md}). Unknown countries have none.
 */
final class CountryLanguages {

  private static final Map<String, String> LANGUAGE_BY_COUNTRY =
      Map.ofEntries(
          Map.entry("united kingdom", "en"),
          Map.entry("uk", "en"),
          Map.entry("gb", "en"),
          Map.entry("eire", "en"),
          Map.entry("ireland", "en"),
          Map.entry("channel islands", "en"),
          Map.entry("usa", "en"),
          Map.entry("united states", "en"),
          Map.entry("canada", "en"),
          Map.entry("australia", "en"),
          Map.entry("rsa", "en"),
          Map.entry("south africa", "en"),
          Map.entry("singapore", "en"),
          Map.entry("malta", "en"),
          Map.entry("germany", "de"),
          Map.entry("austria", "de"),
          Map.entry("switzerland", "de"),
          Map.entry("france", "fr"),
          Map.entry("belgium", "nl"),
          Map.entry("netherlands", "nl"),
          Map.entry("spain", "es"),
          Map.entry("portugal", "pt"),
          Map.entry("brazil", "pt-BR"),
          Map.entry("italy", "it"),
          Map.entry("norway", "nb"),
          Map.entry("sweden", "sv"),
          Map.entry("denmark", "da"),
          Map.entry("finland", "fi"),
          Map.entry("iceland", "is"),
          Map.entry("cyprus", "el"),
          Map.entry("greece", "el"),
          Map.entry("poland", "pl"),
          Map.entry("czech republic", "cs"),
          Map.entry("czechia", "cs"),
          Map.entry("lithuania", "lt"),
          Map.entry("bulgaria", "bg"),
          Map.entry("japan", "ja"),
          Map.entry("hong kong", "zh-HK"),
          Map.entry("taiwan", "zh-TW"),
          Map.entry("israel", "he"),
          Map.entry("lebanon", "ar"),
          Map.entry("united arab emirates", "ar"),
          Map.entry("saudi arabia", "ar"),
          Map.entry("bahrain", "ar"),
          Map.entry("iran", "fa"));

  private CountryLanguages() {}

  /** The language for {@code country}, or empty when the country is unknown or unspecified. */
  static Optional<String> of(String country) {
    return Optional.ofNullable(LANGUAGE_BY_COUNTRY.get(country.trim().toLowerCase(Locale.ROOT)));
  }
}
