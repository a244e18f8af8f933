package org.tailor.server.generator;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The chain's stores: one per country first (so that even a small chain spans several countries and
 * time zones), the rest spread by each country's share, cities in turn within a country. Big stores
 * draw more shoppers. Also knows each store's UTC offset on each day of the window, so that local
 * shopping hours can be turned into instants quickly.
 */
final class StoreNetwork {

  /** One store. */
  record Store(
      String code,
      String name,
      String region,
      Country country,
      String timeZone,
      double size,
      int zoneIndex) {}

  private final List<Store> stores;
  private final double[] cumulativeSize;
  private final Map<Country, int[]> storesByCountry;
  private final int[][] offsetSecondsByZoneAndDay;
  private final long firstEpochDay;

  private StoreNetwork(int count, SplittableRandom random, LocalDate from, int days) {
    Country[] countries = Country.values();
    int[] storesPerCity = new int[countries.length * 16];
    int[] storesPerCountry = new int[countries.length];
    List<String> zones = new ArrayList<>();
    List<Store> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Country country;
      if (i < countries.length) {
        country = countries[i];
      } else {
        double u = random.nextDouble();
        double sum = 0;
        country = countries[0];
        for (Country candidate : countries) {
          sum += candidate.storeShare();
          if (u < sum) {
            country = candidate;
            break;
          }
        }
      }
      int n = storesPerCountry[country.ordinal()]++;
      List<Country.City> cities = country.cities();
      int cityIndex = n % cities.size();
      Country.City city = cities.get(cityIndex);
      int branch = ++storesPerCity[country.ordinal() * 16 + cityIndex];
      int zoneIndex = zones.indexOf(city.timeZone());
      if (zoneIndex < 0) {
        zoneIndex = zones.size();
        zones.add(city.timeZone());
      }
      double size = StrictMath.exp(0.5 * RandomDraws.normal(random));
      list.add(
          new Store(
              String.format(java.util.Locale.ROOT, "S%04d", i + 1),
              country.storeName(city, branch),
              city.region(),
              country,
              city.timeZone(),
              size,
              zoneIndex));
    }
    stores = List.copyOf(list);
    cumulativeSize = new double[count];
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += stores.get(i).size();
      cumulativeSize[i] = sum;
    }
    for (int i = 0; i < count; i++) {
      cumulativeSize[i] /= sum;
    }
    Map<Country, List<Integer>> byCountry = new HashMap<>();
    for (int i = 0; i < count; i++) {
      byCountry.computeIfAbsent(stores.get(i).country(), c -> new ArrayList<>()).add(i);
    }
    storesByCountry = new HashMap<>();
    byCountry.forEach(
        (country, indexes) ->
            storesByCountry.put(country, indexes.stream().mapToInt(Integer::intValue).toArray()));

    firstEpochDay = from.toEpochDay();
    offsetSecondsByZoneAndDay = new int[zones.size()][days];
    for (int z = 0; z < zones.size(); z++) {
      ZoneRules rules = ZoneId.of(zones.get(z)).getRules();
      for (int d = 0; d < days; d++) {
        LocalDateTime noon = LocalDateTime.of(from.plusDays(d), LocalTime.NOON);
        offsetSecondsByZoneAndDay[z][d] = rules.getOffset(noon).getTotalSeconds();
      }
    }
  }

  /**
   * The stores of a chain with this seed. Offsets are kept for {@code days} days from {@code from}
   * (the window plus room for late returns).
   */
  static StoreNetwork of(long seed, int count, LocalDate from, int days) {
    return new StoreNetwork(
        count, RandomDraws.stream(seed, 1, RandomDraws.Stream.CHAIN), from, days);
  }

  List<Store> stores() {
    return stores;
  }

  Store store(int index) {
    return stores.get(index);
  }

  /** A store drawn by size; {@code u} uniform on [0, 1). */
  int storeBySize(double u) {
    int i = Arrays.binarySearch(cumulativeSize, u);
    if (i < 0) {
      i = -i - 1;
    }
    return Math.min(i, cumulativeSize.length - 1);
  }

  /** Another store of the same country, evenly; {@code u} uniform on [0, 1). */
  int storeInCountry(Country country, double u) {
    int[] candidates = storesByCountry.get(country);
    return candidates[(int) (u * candidates.length)];
  }

  /**
   * The epoch second of a local time of day at a store on a day of the window (day 0 = {@code
   * from}). The offset is the one at local noon: shops open after the night-time DST switch.
   */
  long epochSecond(int store, int day, int localSecondOfDay) {
    int zone = stores.get(store).zoneIndex();
    int[] offsets = offsetSecondsByZoneAndDay[zone];
    int offset = offsets[Math.min(day, offsets.length - 1)];
    return (firstEpochDay + day) * 86_400L + localSecondOfDay - offset;
  }
}
