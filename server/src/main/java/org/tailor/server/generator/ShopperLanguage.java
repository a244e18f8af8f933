package org.tailor.server.generator;

/** The languages the chain's shoppers speak, with their BCP 47 tags. */
enum ShopperLanguage {
  ENGLISH("en"),
  SPANISH("es"),
  BULGARIAN("bg"),
  PERSIAN("fa"),
  TRADITIONAL_CHINESE("zh-TW");

  private final String tag;

  ShopperLanguage(String tag) {
    this.tag = tag;
  }

  /** The BCP 47 language tag, such as {@code zh-TW}. */
  String tag() {
    return tag;
  }
}
