package org.tailor.server.generator;

import static org.tailor.server.generator.ShopperLanguage.BULGARIAN;
import static org.tailor.server.generator.ShopperLanguage.ENGLISH;
import static org.tailor.server.generator.ShopperLanguage.PERSIAN;
import static org.tailor.server.generator.ShopperLanguage.SPANISH;
import static org.tailor.server.generator.ShopperLanguage.TRADITIONAL_CHINESE;

import java.util.List;

/**
 * The countries the chain trades in: their cities (with region and time zone, in the country's own
 * language and script), the store brand as written there, the languages its shoppers speak and the
 * shape of a mobile phone number.
 */
enum Country {
  US(
      "US",
      0.25,
      "Tailor Market %s",
      "+120",
      new ShopperLanguage[] {ENGLISH, SPANISH, TRADITIONAL_CHINESE, PERSIAN},
      new double[] {0.80, 0.15, 0.03, 0.02},
      List.of(
          new City("New York", "New York", "America/New_York"),
          new City("Chicago", "Illinois", "America/Chicago"),
          new City("Houston", "Texas", "America/Chicago"),
          new City("Los Angeles", "California", "America/Los_Angeles"),
          new City("Phoenix", "Arizona", "America/Phoenix"),
          new City("Miami", "Florida", "America/New_York"),
          new City("Seattle", "Washington", "America/Los_Angeles"),
          new City("Denver", "Colorado", "America/Denver"))),
  ES(
      "ES",
      0.20,
      "Mercado Tailor %s",
      "+346",
      new ShopperLanguage[] {SPANISH, ENGLISH, BULGARIAN},
      new double[] {0.90, 0.05, 0.05},
      List.of(
          new City("Madrid", "Comunidad de Madrid", "Europe/Madrid"),
          new City("Barcelona", "Cataluña", "Europe/Madrid"),
          new City("Valencia", "Comunidad Valenciana", "Europe/Madrid"),
          new City("Sevilla", "Andalucía", "Europe/Madrid"),
          new City("Bilbao", "País Vasco", "Europe/Madrid"),
          new City("Málaga", "Andalucía", "Europe/Madrid"),
          new City("Zaragoza", "Aragón", "Europe/Madrid"),
          new City("Las Palmas de Gran Canaria", "Canarias", "Atlantic/Canary"))),
  GB(
      "GB",
      0.12,
      "Tailor Market %s",
      "+4474",
      new ShopperLanguage[] {ENGLISH, BULGARIAN, PERSIAN, TRADITIONAL_CHINESE, SPANISH},
      new double[] {0.88, 0.04, 0.04, 0.02, 0.02},
      List.of(
          new City("London", "England", "Europe/London"),
          new City("Manchester", "England", "Europe/London"),
          new City("Birmingham", "England", "Europe/London"),
          new City("Leeds", "England", "Europe/London"),
          new City("Glasgow", "Scotland", "Europe/London"),
          new City("Cardiff", "Wales", "Europe/London"),
          new City("Belfast", "Northern Ireland", "Europe/London"))),
  MX(
      "MX",
      0.12,
      "Mercado Tailor %s",
      "+5255",
      new ShopperLanguage[] {SPANISH, ENGLISH},
      new double[] {0.95, 0.05},
      List.of(
          new City("Ciudad de México", "Ciudad de México", "America/Mexico_City"),
          new City("Guadalajara", "Jalisco", "America/Mexico_City"),
          new City("Monterrey", "Nuevo León", "America/Monterrey"),
          new City("Tijuana", "Baja California", "America/Tijuana"),
          new City("Cancún", "Quintana Roo", "America/Cancun"),
          new City("Hermosillo", "Sonora", "America/Hermosillo"))),
  BG(
      "BG",
      0.11,
      "Тейлър Маркет %s",
      "+3598",
      new ShopperLanguage[] {BULGARIAN, ENGLISH},
      new double[] {0.95, 0.05},
      List.of(
          new City("София", "София-град", "Europe/Sofia"),
          new City("Пловдив", "Пловдив", "Europe/Sofia"),
          new City("Варна", "Варна", "Europe/Sofia"),
          new City("Бургас", "Бургас", "Europe/Sofia"),
          new City("Русе", "Русе", "Europe/Sofia"),
          new City("Стара Загора", "Стара Загора", "Europe/Sofia"))),
  TW(
      "TW",
      0.11,
      "泰勒超市 %s店",
      "+8869",
      new ShopperLanguage[] {TRADITIONAL_CHINESE, ENGLISH},
      new double[] {0.95, 0.05},
      List.of(
          new City("臺北", "臺北市", "Asia/Taipei"),
          new City("新北", "新北市", "Asia/Taipei"),
          new City("臺中", "臺中市", "Asia/Taipei"),
          new City("高雄", "高雄市", "Asia/Taipei"),
          new City("臺南", "臺南市", "Asia/Taipei"),
          new City("桃園", "桃園市", "Asia/Taipei"))),
  IR(
      "IR",
      0.09,
      "فروشگاه تیلور %s",
      "+9891",
      new ShopperLanguage[] {PERSIAN, ENGLISH},
      new double[] {0.97, 0.03},
      List.of(
          new City("تهران", "استان تهران", "Asia/Tehran"),
          new City("مشهد", "خراسان رضوی", "Asia/Tehran"),
          new City("اصفهان", "استان اصفهان", "Asia/Tehran"),
          new City("شیراز", "استان فارس", "Asia/Tehran"),
          new City("تبریز", "آذربایجان شرقی", "Asia/Tehran"),
          new City("کرج", "استان البرز", "Asia/Tehran")));

  /** A city the chain has stores in. */
  record City(String name, String region, String timeZone) {}

  private final String isoCode;
  private final double storeShare;
  private final String storeNamePattern;
  private final String mobilePrefix;
  private final ShopperLanguage[] languages;
  private final double[] languageShares;
  private final List<City> cities;

  Country(
      String isoCode,
      double storeShare,
      String storeNamePattern,
      String mobilePrefix,
      ShopperLanguage[] languages,
      double[] languageShares,
      List<City> cities) {
    this.isoCode = isoCode;
    this.storeShare = storeShare;
    this.storeNamePattern = storeNamePattern;
    this.mobilePrefix = mobilePrefix;
    this.languages = languages;
    this.languageShares = languageShares;
    this.cities = cities;
  }

  /** ISO 3166-1 alpha-2. */
  String isoCode() {
    return isoCode;
  }

  /** The share of the chain's stores beyond the first one per country. */
  double storeShare() {
    return storeShare;
  }

  List<City> cities() {
    return cities;
  }

  /** The store's name as written in the country, such as {@code Mercado Tailor Sevilla 2}. */
  String storeName(City city, int branch) {
    String place = branch <= 1 ? city.name() : city.name() + " " + digits(branch);
    return String.format(java.util.Locale.ROOT, storeNamePattern, place);
  }

  /** A mobile number in E.164 form, unique for each {@code subscriber} below 10⁸. */
  String mobileNumber(long subscriber) {
    String digits = Long.toString(subscriber);
    StringBuilder number = new StringBuilder(mobilePrefix.length() + 8).append(mobilePrefix);
    for (int i = digits.length(); i < 8; i++) {
      number.append('0');
    }
    return number.append(digits).toString();
  }

  /** A household's language, drawn from the country's mix with {@code u} uniform on [0, 1). */
  ShopperLanguage language(double u) {
    double sum = 0;
    for (int i = 0; i < languages.length; i++) {
      sum += languageShares[i];
      if (u < sum) {
        return languages[i];
      }
    }
    return languages[0];
  }

  private String digits(int number) {
    String western = Integer.toString(number);
    if (this != IR) {
      return western;
    }
    StringBuilder persian = new StringBuilder(western.length());
    for (char c : western.toCharArray()) {
      persian.append((char) ('۰' + (c - '0')));
    }
    return persian.toString();
  }
}
