package org.tailor.server.generator;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes everything about one shopper — the shopper row, the household members, consents and
 * purchases with returns — as CSV rows, from random streams seeded by (seed, shopper index) only.
 * One instance per worker thread; it reuses its buffers from shopper to shopper.
 *
 * <p>Households: shopper i joins the household of shopper i−1 with probability 0.3 unless i−1
 * itself joined one, so households hold one or two card holders; the first card holder's household
 * stream draws what they share. Purchases: the first at a uniform time in the window, then the
 * BG/NBD process (exponential gaps at rate λ, dropout with probability p after each repeat
 * purchase), at most {@value #MAX_PURCHASES} per shopper. Each receipt's target spend is z ~
 * Gamma(p, ν), and its basket is filled from the shopper's category shares until the next line
 * would overshoot the target more than it undershoots.
 */
final class ShopperSynthesizer {

  static final double HOUSEHOLD_JOIN_SHARE = 0.3;
  static final int MAX_PURCHASES = 1_000;
  static final int MAX_BASKET_LINES = 60;
  static final double HOME_STORE_SHARE = 0.85;
  private static final int OPENING_SECOND = 8 * 3600;
  private static final int OPENING_HOURS_SECONDS = 14 * 3600;
  private static final String[] EMAIL_DOMAINS = {"example.com", "example.net", "example.org"};
  private static final String[] ENROLMENT_SOURCES = {"till-form", "kiosk", "web", "app"};
  private static final double[] ENROLMENT_SOURCE_SHARES = {0.45, 0.25, 0.20, 0.10};

  /** Channel, purpose, share granted, share refused at enrolment, source of a later revocation. */
  private static final Object[][] CONSENTS = {
    {"email", "offers", 0.60, 0.25, "unsubscribe-link"},
    {"sms", "offers", 0.35, 0.35, "sms-stop"},
    {"kiosk", "offers", 0.85, 0.10, "kiosk"},
    {"kiosk", "profiling", 0.75, 0.15, "web"},
  };

  private static final double LATER_REVOCATION_SHARE = 0.05;

  private final ChainParameters parameters;
  private final Catalogue catalogue;
  private final StoreNetwork stores;
  private final TraitModel traits;
  private final long seed;
  private final int days;
  private final double windowWeeks;
  private final long windowEndEpochSecond;

  final CsvText shoppers;
  final CsvText members;
  final CsvText consents;
  final CsvText purchases;
  long shopperRows;
  long memberRows;
  long consentRows;
  long purchaseCount;
  long purchaseLineRows;

  private final LatentShopper latent;
  private final Household household = new Household();
  private final double[] purchaseTimes = new double[MAX_PURCHASES];
  private final int[] basketProducts = new int[MAX_BASKET_LINES];
  private final int[] basketQuantities = new int[MAX_BASKET_LINES];
  private final StringBuilder scratch = new StringBuilder(64);
  private final long[] receiptSeconds = new long[MAX_PURCHASES];
  private final int[] receiptStores = new int[MAX_PURCHASES];

  ShopperSynthesizer(
      ChainParameters parameters, Catalogue catalogue, StoreNetwork stores, TraitModel traits) {
    this.parameters = parameters;
    this.catalogue = catalogue;
    this.stores = stores;
    this.traits = traits;
    this.seed = parameters.seed();
    this.days = parameters.windowDays();
    this.windowWeeks = parameters.windowWeeks();
    this.windowEndEpochSecond = (parameters.to().toEpochDay() + 1) * 86_400L - 1;
    this.latent = new LatentShopper(traits.categoryCount());
    LocalDate cacheFrom = parameters.from().minusDays(1);
    int cacheDays = days + 2;
    this.shoppers = new CsvText(1 << 16, cacheFrom, 0);
    this.members = new CsvText(1 << 12, cacheFrom, 0);
    this.consents = new CsvText(1 << 14, cacheFrom, cacheDays);
    this.purchases = new CsvText(1 << 18, cacheFrom, cacheDays);
  }

  void clear() {
    shoppers.clear();
    members.clear();
    consents.clear();
    purchases.clear();
    shopperRows = 0;
    memberRows = 0;
    consentRows = 0;
    purchaseCount = 0;
    purchaseLineRows = 0;
  }

  /** Whether shopper {@code index} joins the household of shopper {@code index − 1}. */
  static boolean joinsPrevious(long seed, long index) {
    return index > 0 && drawsJoin(seed, index) && !drawsJoin(seed, index - 1);
  }

  private static boolean drawsJoin(long seed, long index) {
    if (index <= 0) {
      return false;
    }
    long h = RandomDraws.mix(RandomDraws.mix(seed ^ 0x2545F4914F6CDD1DL) + index);
    return (h >>> 11) * 0x1.0p-53 < HOUSEHOLD_JOIN_SHARE;
  }

  /** Shopper {@code index}'s loyalty id: {@code L} and nine digits, {@code L000000001} first. */
  static String loyaltyId(long index) {
    return "L" + nineDigits(index + 1);
  }

  static String householdCode(long headIndex) {
    return "H" + nineDigits(headIndex + 1);
  }

  private static String nineDigits(long number) {
    String digits = Long.toString(number);
    return digits.length() >= 9 ? digits : "000000000".substring(digits.length()) + digits;
  }

  /** A 13-digit loyalty card number in the in-store EAN range (prefix 27) with check digit. */
  static String cardNumber(long index) {
    String digits = Long.toString(index + 1);
    StringBuilder card = new StringBuilder(13).append("27");
    for (int i = digits.length(); i < 10; i++) {
      card.append('0');
    }
    card.append(digits);
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      int d = card.charAt(i) - '0';
      sum += (i % 2 == 0) ? d : 3 * d;
    }
    return card.append((10 - sum % 10) % 10).toString();
  }

  /** A bijection of [0, 10⁸): phone numbers look scattered yet never collide. */
  static long subscriberNumber(long index) {
    return Math.floorMod(index * 73_939_133L + 12_345_679L, 100_000_000L);
  }

  void write(long index) {
    boolean joiner = joinsPrevious(seed, index);
    long head = joiner ? index - 1 : index;
    boolean hasCoShopper =
        !joiner && index + 1 < parameters.shoppers() && joinsPrevious(seed, index + 1);
    household.draw(seed, head, stores, parameters.from());
    traits.draw(seed, index, latent);
    String loyaltyId = loyaltyId(index);

    SplittableRandom buying = RandomDraws.stream(seed, index, RandomDraws.Stream.PURCHASES);
    int purchasesMade = simulatePurchaseTimes(buying);
    writePurchases(index, loyaltyId, purchasesMade, buying);

    SplittableRandom profile = RandomDraws.stream(seed, index, RandomDraws.Stream.PROFILE);
    writeProfile(index, loyaltyId, joiner, head, profile);
    if (!joiner) {
      writeMembers(loyaltyId, hasCoShopper);
    }
  }

  /** The BG/NBD purchase times of the shopper, in weeks from the window's start. */
  private int simulatePurchaseTimes(SplittableRandom random) {
    double first = random.nextDouble() * windowWeeks;
    return BgNbdProcess.purchaseTimes(
        random,
        latent.purchaseRatePerWeek,
        latent.dropoutProbability,
        first,
        windowWeeks,
        purchaseTimes);
  }

  private void writePurchases(long index, String loyaltyId, int count, SplittableRandom random) {
    int home = household.homeStore;
    Country country = stores.store(home).country();
    for (int k = 0; k < count; k++) {
      double dayPosition = purchaseTimes[k] * 7.0;
      int day = Math.min((int) dayPosition, days - 1);
      int second = OPENING_SECOND + (int) ((dayPosition - day) * OPENING_HOURS_SECONDS);
      int store =
          random.nextDouble() < HOME_STORE_SHARE
              ? home
              : stores.storeInCountry(country, random.nextDouble());
      long epochSecond = stores.epochSecond(store, day, second);
      receiptSeconds[k] = epochSecond;
      receiptStores[k] = store;
      double target = traits.transactionValue(random, latent);
      int lines = fillBasket(target * 100.0, random);
      String storeCode = stores.store(store).code();
      String receipt = receiptNumber(index, k);
      for (int line = 0; line < lines; line++) {
        int product = basketProducts[line];
        purchases
            .plain(storeCode)
            .plain(receipt)
            .instant(epochSecond)
            .plain(loyaltyId)
            .number(line + 1)
            .plain(catalogue.sku(product))
            .number(basketQuantities[line])
            .cents(catalogue.priceCents(product));
        purchases.endRow();
      }
      purchaseCount++;
      purchaseLineRows += lines;

      boolean returned = random.nextDouble() < parameters.returnShare();
      int returnDay = day + 1 + (int) Math.min(29, RandomDraws.exponential(random) * 4.0);
      int returnedLine = (int) (random.nextDouble() * lines);
      double returnedShare = random.nextDouble();
      int returnSecond = OPENING_SECOND + (int) (random.nextDouble() * OPENING_HOURS_SECONDS);
      if (returned && returnDay < days) {
        int product = basketProducts[returnedLine];
        int quantity = 1 + (int) (returnedShare * basketQuantities[returnedLine]);
        purchases
            .plain(storeCode)
            .plain(receipt + "R")
            .instant(stores.epochSecond(store, returnDay, returnSecond))
            .plain(loyaltyId)
            .number(1)
            .plain(catalogue.sku(product))
            .number(-quantity)
            .cents(catalogue.priceCents(product));
        purchases.endRow();
        purchaseCount++;
        purchaseLineRows++;
      }
    }
  }

  private String receiptNumber(long index, int purchase) {
    scratch.setLength(0);
    scratch.append(nineDigits(index + 1)).append('-');
    int number = purchase + 1;
    if (number < 100) {
      scratch.append('0');
    }
    if (number < 10) {
      scratch.append('0');
    }
    return scratch.append(number).toString();
  }

  /** Fills the basket towards {@code targetCents}; returns the number of lines (at least one). */
  private int fillBasket(double targetCents, SplittableRandom random) {
    int lines = 0;
    long total = 0;
    while (lines < MAX_BASKET_LINES) {
      int category = latent.category(random.nextDouble());
      int product = catalogue.productIn(category, random.nextDouble());
      long price = catalogue.priceCents(product);
      double u = random.nextDouble();
      int quantity = price < 300 ? (u < 0.7 ? 1 : u < 0.92 ? 2 : 3) : (u < 0.9 ? 1 : 2);
      long amount = price * quantity;
      if (lines > 0 && total + amount > targetCents) {
        if (total + amount - targetCents < targetCents - total) {
          lines = addLine(lines, product, quantity);
        }
        break;
      }
      lines = addLine(lines, product, quantity);
      total += amount;
      if (total >= targetCents) {
        break;
      }
    }
    return lines;
  }

  private int addLine(int lines, int product, int quantity) {
    for (int i = 0; i < lines; i++) {
      if (basketProducts[i] == product) {
        basketQuantities[i] += quantity;
        return lines;
      }
    }
    basketProducts[lines] = product;
    basketQuantities[lines] = quantity;
    return lines + 1;
  }

  private void writeProfile(
      long index, String loyaltyId, boolean joiner, long head, SplittableRandom random) {
    ShopperLanguage language = household.language;
    double sexDraw = random.nextDouble();
    boolean female =
        joiner
            ? (sexDraw < 0.85 ? !household.headFemale : household.headFemale)
            : household.headFemale;
    NameBook.Name first = NameBook.firstName(language, female, random.nextDouble());
    NameBook.Name family = NameBook.familyNameFor(language, household.familyName, female);
    String lastName =
        language == ShopperLanguage.SPANISH
            ? family.written() + " " + household.secondFamilyName.written()
            : family.written();
    int ageOffset = (int) Math.round(4 * RandomDraws.normal(random));
    double dayOfYear = random.nextDouble();
    long birthday =
        joiner
            ? Household.birthday(
                parameters.from(), Math.max(18, household.headAgeYears + ageOffset), dayOfYear)
            : household.headBirthdayEpochDay;
    boolean birthdayKnown = random.nextDouble() < 0.92;
    boolean hasCard = random.nextDouble() < 0.95;
    boolean hasPhone = random.nextDouble() < 0.70;
    boolean hasEmail = random.nextDouble() < 0.80;
    String domain = EMAIL_DOMAINS[(int) (random.nextDouble() * EMAIL_DOMAINS.length)];
    boolean declares = random.nextDouble() < 0.55;
    boolean secondPreference = random.nextDouble() < 0.5;
    boolean thirdPreference = random.nextDouble() < 0.4;
    StoreNetwork.Store home = stores.store(household.homeStore);

    CsvText row = shoppers;
    row.plain(loyaltyId).field(first.written()).field(lastName).plain(language.tag());
    if (birthdayKnown) {
      row.date(birthday);
    } else {
      row.empty();
    }
    row.plain(home.timeZone()).plain(householdCode(head)).plain(home.code());
    if (hasCard) {
      row.plain(cardNumber(index));
    } else {
      row.empty();
    }
    if (hasPhone) {
      row.plain(home.country().mobileNumber(subscriberNumber(index)));
    } else {
      row.empty();
    }
    if (hasEmail) {
      scratch.setLength(0);
      scratch
          .append(NameBook.emailPart(first.latin()))
          .append('.')
          .append(NameBook.emailPart(family.latin()))
          .append(index + 1)
          .append('@')
          .append(domain);
      row.plain(scratch);
    } else {
      row.empty();
    }
    if (declares) {
      int count = 1 + (secondPreference ? 1 : 0) + (secondPreference && thirdPreference ? 1 : 0);
      row.plain(topCategories(count));
    } else {
      row.empty();
    }
    row.endRow();
    shopperRows++;

    writeConsents(loyaltyId, hasEmail, hasPhone, random);
  }

  /** The shopper's {@code count} largest category shares, joined with {@code ;}. */
  private String topCategories(int count) {
    double[] shares = latent.categoryShares;
    scratch.setLength(0);
    double ceiling = Double.POSITIVE_INFINITY;
    int ceilingIndex = -1;
    for (int k = 0; k < count; k++) {
      int best = -1;
      for (int c = 0; c < shares.length; c++) {
        boolean belowCeiling = shares[c] < ceiling || (shares[c] == ceiling && c > ceilingIndex);
        if (belowCeiling && (best < 0 || shares[c] > shares[best])) {
          best = c;
        }
      }
      if (k > 0) {
        scratch.append(';');
      }
      scratch.append(catalogue.categoryPaths().get(best));
      ceiling = shares[best];
      ceilingIndex = best;
    }
    return scratch.toString();
  }

  private void writeConsents(
      String loyaltyId, boolean hasEmail, boolean hasPhone, SplittableRandom random) {
    long enrolment = receiptSeconds[0] - 60 - (long) (random.nextDouble() * 600);
    double sourceDraw = random.nextDouble();
    String source = ENROLMENT_SOURCES[ENROLMENT_SOURCES.length - 1];
    double sum = 0;
    for (int i = 0; i < ENROLMENT_SOURCES.length; i++) {
      sum += ENROLMENT_SOURCE_SHARES[i];
      if (sourceDraw < sum) {
        source = ENROLMENT_SOURCES[i];
        break;
      }
    }
    for (Object[] consent : CONSENTS) {
      String channel = (String) consent[0];
      double statusDraw = random.nextDouble();
      double revocationDraw = random.nextDouble();
      double revocationTime = random.nextDouble();
      boolean reachable =
          switch (channel) {
            case "email" -> hasEmail;
            case "sms" -> hasPhone;
            default -> true;
          };
      if (!reachable) {
        continue;
      }
      double granted = (Double) consent[2];
      double refused = (Double) consent[3];
      if (statusDraw < granted) {
        consentRow(loyaltyId, consent, "granted", source, enrolment);
        if (revocationDraw < LATER_REVOCATION_SHARE) {
          long at = enrolment + 3600 + (long) (revocationTime * (windowEndEpochSecond - enrolment));
          if (at < windowEndEpochSecond) {
            consentRow(loyaltyId, consent, "revoked", (String) consent[4], at);
          }
        }
      } else if (statusDraw < granted + refused) {
        consentRow(loyaltyId, consent, "revoked", source, enrolment);
      }
    }
  }

  private void consentRow(
      String loyaltyId, Object[] consent, String status, String source, long epochSecond) {
    consents
        .plain(loyaltyId)
        .plain((String) consent[0])
        .plain((String) consent[1])
        .plain(status)
        .plain(source)
        .instant(epochSecond);
    consents.endRow();
    consentRows++;
  }

  private void writeMembers(String loyaltyId, boolean hasCoShopper) {
    if (household.hasPartner && !hasCoShopper) {
      member(loyaltyId, household.partnerFirstName, "partner", household.partnerBirthdayEpochDay);
    }
    for (int k = 0; k < household.children; k++) {
      member(loyaltyId, household.childFirstNames[k], "child", household.childBirthdayEpochDays[k]);
    }
  }

  private void member(String loyaltyId, NameBook.Name name, String relation, long birthday) {
    members.plain(loyaltyId).field(name.written()).plain(relation).date(birthday);
    members.endRow();
    memberRows++;
  }
}
