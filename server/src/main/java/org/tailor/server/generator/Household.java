package org.tailor.server.generator;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * What the shoppers of one household share, drawn from the household's own stream (seeded by its
 * first shopper's index, so that every member finds the same values): home store, language, family
 * name, the first card holder's sex and age, and the members without a card (a partner, children).
 * Every value is always drawn, used or not, so the stream stays aligned.
 */
final class Household {

  static final int MAX_CHILDREN = 3;

  int homeStore;
  ShopperLanguage language;
  NameBook.Name familyName;
  NameBook.Name secondFamilyName;
  boolean headFemale;
  int headAgeYears;
  long headBirthdayEpochDay;
  boolean hasPartner;
  NameBook.Name partnerFirstName;
  long partnerBirthdayEpochDay;
  int children;
  final NameBook.Name[] childFirstNames = new NameBook.Name[MAX_CHILDREN];
  final long[] childBirthdayEpochDays = new long[MAX_CHILDREN];

  void draw(long seed, long headIndex, StoreNetwork stores, LocalDate from) {
    SplittableRandom random = RandomDraws.stream(seed, headIndex, RandomDraws.Stream.HOUSEHOLD);
    homeStore = stores.storeBySize(random.nextDouble());
    Country country = stores.store(homeStore).country();
    language = country.language(random.nextDouble());
    familyName = NameBook.familyName(language, random.nextDouble());
    secondFamilyName = NameBook.familyName(language, random.nextDouble());
    headFemale = random.nextDouble() < 0.55;
    headAgeYears =
        (int) Math.max(18, Math.min(90, Math.round(45 + 15 * RandomDraws.normal(random))));
    headBirthdayEpochDay = birthday(from, headAgeYears, random.nextDouble());

    hasPartner = random.nextDouble() < 0.4;
    boolean partnerFemale = random.nextDouble() < 0.9 ? !headFemale : headFemale;
    partnerFirstName = NameBook.firstName(language, partnerFemale, random.nextDouble());
    int partnerAge = (int) Math.max(18, Math.round(headAgeYears + 4 * RandomDraws.normal(random)));
    partnerBirthdayEpochDay = birthday(from, partnerAge, random.nextDouble());

    double parentShare = headAgeYears >= 22 && headAgeYears <= 55 ? 0.4 : 0.08;
    boolean parents = random.nextDouble() < parentShare;
    boolean second = random.nextDouble() < 0.45;
    boolean third = random.nextDouble() < 0.15;
    children = parents ? 1 + (second ? 1 : 0) + (second && third ? 1 : 0) : 0;
    int youngestParentAge = Math.max(headAgeYears - 18, 1);
    for (int k = 0; k < MAX_CHILDREN; k++) {
      boolean female = random.nextDouble() < 0.5;
      // Brothers and sisters do not share a first name, nor with the partner: redraw (from the
      // same stream, so the output stays reproducible) until the name is new in the household.
      NameBook.Name name = NameBook.firstName(language, female, random.nextDouble());
      for (int attempt = 0; attempt < 32 && takenInHousehold(name, k); attempt++) {
        name = NameBook.firstName(language, female, random.nextDouble());
      }
      childFirstNames[k] = name;
      int age = (int) (random.nextDouble() * Math.min(18, youngestParentAge));
      childBirthdayEpochDays[k] = birthday(from, age, random.nextDouble());
    }
  }

  private boolean takenInHousehold(NameBook.Name name, int children) {
    if (name.written().equals(partnerFirstName.written())) {
      return true;
    }
    for (int k = 0; k < children; k++) {
      if (name.written().equals(childFirstNames[k].written())) {
        return true;
      }
    }
    return false;
  }

  /** A birthday of someone {@code ageYears} old on the window's first day. */
  static long birthday(LocalDate from, int ageYears, double dayOfYear) {
    return from.minusYears(ageYears).minusDays((long) (dayOfYear * 365)).toEpochDay();
  }
}
