package org.tailor.server.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.Character.UnicodeScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.validation.InvalidInputException;

/** A generated chain of 5,000 shoppers, read back as an importer would read it. */
class ChainGeneratorTest {

  private static final ChainParameters CHAIN = ChainParameters.of(5_000, 12, 42);
  private static final List<String> TABLES =
      List.of("stores", "products", "shoppers", "household_members", "consents", "purchases");

  @TempDir static Path root;
  private static Path oneThread;
  private static GenerationSummary summary;
  private static final List<GenerationProgress> progress = new ArrayList<>();

  @BeforeAll
  static void generate() throws IOException {
    oneThread = root.resolve("one-thread");
    summary = ChainGenerator.generate(CHAIN, new OutputOptions(oneThread, false, 1), progress::add);
  }

  private static List<CSVRecord> read(Path file) throws IOException {
    try (InputStream in = open(file);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build()
                .parse(reader)) {
      return parser.getRecords();
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
  }

  private static List<CSVRecord> table(String name) throws IOException {
    return read(oneThread.resolve(name + ".csv"));
  }

  private static String firstLine(Path file) throws IOException {
    try (InputStream in = open(file)) {
      byte[] bytes = in.readNBytes(4096);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.substring(0, text.indexOf('\n'));
    }
  }

  /** The documented columns of each file, read from docs/import-formats.md itself. */
  private static Map<String, String> documentedHeaders() throws IOException {
    Path doc = Path.of("..", "docs", "import-formats.md");
    Pattern row = Pattern.compile("^\\| `([a-z_]+)\\.csv` \\| `([a-z_,]+)`");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        headers.put(m.group(1), m.group(2));
      }
    }
    return headers;
  }

  @Test
  void writesEveryFileWithTheHeaderDocumentedInImportFormats() throws IOException {
    Map<String, String> documented = documentedHeaders();
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(TABLES);
    for (String table : TABLES) {
      assertThat(firstLine(oneThread.resolve(table + ".csv")))
          .as(table)
          .isEqualTo(documented.get(table));
    }
    assertThat(oneThread.resolve("ground-truth.json")).exists();
    assertThat(oneThread.resolve("manifest.json")).exists();
    assertThat(oneThread.resolve("README.txt")).exists();
    try (Stream<Path> files = Files.list(oneThread)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".partial"));
    }
  }

  @Test
  void everyRowHasAsManyFieldsAsItsHeader() throws IOException {
    for (String table : TABLES) {
      for (CSVRecord record : table(table)) {
        assertThat(record.isConsistent()).as(table + " line " + record.getRecordNumber()).isTrue();
      }
    }
  }

  @Test
  void sameSeedGivesTheSameBytesWithOneOrTwoThreads() throws IOException {
    Path twoThreads = root.resolve("two-threads");
    ChainGenerator.generate(CHAIN, new OutputOptions(twoThreads, false, 2), p -> {});
    try (Stream<Path> files = Files.list(oneThread)) {
      for (Path file : files.toList()) {
        Path other = twoThreads.resolve(file.getFileName());
        assertThat(Files.mismatch(file, other)).as(file.getFileName().toString()).isEqualTo(-1L);
      }
    }
  }

  @Test
  void gzipOutputIsTheSameWithOneOrTwoThreadsAndHoldsTheSameRows() throws IOException {
    ChainParameters small = ChainParameters.of(4_500, 5, 42);
    Path plain = root.resolve("plain");
    Path gzipOne = root.resolve("gzip-one");
    Path gzipTwo = root.resolve("gzip-two");
    ChainGenerator.generate(small, new OutputOptions(plain, false, 2), p -> {});
    ChainGenerator.generate(small, new OutputOptions(gzipOne, true, 1), p -> {});
    ChainGenerator.generate(small, new OutputOptions(gzipTwo, true, 2), p -> {});
    for (String table : TABLES) {
      Path one = gzipOne.resolve(table + ".csv.gz");
      assertThat(Files.mismatch(one, gzipTwo.resolve(table + ".csv.gz"))).isEqualTo(-1L);
      byte[] unpacked;
      try (InputStream in = open(one)) {
        unpacked = in.readAllBytes();
      }
      assertThat(unpacked).isEqualTo(Files.readAllBytes(plain.resolve(table + ".csv")));
    }
    assertThat(Files.readString(gzipOne.resolve("ground-truth.json")))
        .isEqualTo(Files.readString(plain.resolve("ground-truth.json")));
  }

  @Test
  void anotherSeedGivesOtherData() throws IOException {
    Path other = root.resolve("other-seed");
    ChainGenerator.generate(
        ChainParameters.of(5_000, 12, 43), new OutputOptions(other, false, 2), p -> {});
    assertThat(Files.mismatch(oneThread.resolve("shoppers.csv"), other.resolve("shoppers.csv")))
        .isNotEqualTo(-1L);
    assertThat(Files.mismatch(oneThread.resolve("purchases.csv"), other.resolve("purchases.csv")))
        .isNotEqualTo(-1L);
  }

  @Test
  void everyReferenceInTheOutputExists() throws IOException {
    Set<String> stores = new HashSet<>();
    for (CSVRecord store : table("stores")) {
      assertThat(stores.add(store.get("store_code"))).isTrue();
      ZoneId.of(store.get("time_zone"));
    }
    Set<String> skus = new HashSet<>();
    Set<String> categories = new HashSet<>();
    for (CSVRecord product : table("products")) {
      assertThat(skus.add(product.get("sku"))).isTrue();
      categories.add(product.get("category"));
    }
    Set<String> shoppers = new HashSet<>();
    for (CSVRecord shopper : table("shoppers")) {
      assertThat(shoppers.add(shopper.get("loyalty_id"))).isTrue();
      assertThat(stores.contains(shopper.get("home_store"))).isTrue();
      String preferred = shopper.get("preferred_categories");
      if (!preferred.isEmpty()) {
        assertThat(categories).containsAll(List.of(preferred.split(";")));
      }
    }
    assertThat(shoppers).hasSize(CHAIN.shoppers());
    List<String> unknown = new ArrayList<>();
    for (CSVRecord line : table("purchases")) {
      if (!stores.contains(line.get("store_code"))
          || !skus.contains(line.get("sku"))
          || !shoppers.contains(line.get("loyalty_id"))) {
        unknown.add("purchases " + line);
      }
    }
    for (CSVRecord member : table("household_members")) {
      if (!shoppers.contains(member.get("loyalty_id"))) {
        unknown.add("household_members " + member);
      }
    }
    for (CSVRecord consent : table("consents")) {
      if (!shoppers.contains(consent.get("loyalty_id"))) {
        unknown.add("consents " + consent);
      }
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void identifiersAreUniqueAndWellFormed() throws IOException {
    Set<String> cards = new HashSet<>();
    Set<String> phones = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (CSVRecord shopper : table("shoppers")) {
      assertThat(shopper.get("loyalty_id")).matches("L\\d{9}");
      String card = shopper.get("card_number");
      if (!card.isEmpty()) {
        assertThat(card).matches("27\\d{11}");
        assertThat(cards.add(card)).isTrue();
      }
      String phone = shopper.get("phone");
      if (!phone.isEmpty()) {
        assertThat(phone).matches("\\+\\d{10,14}");
        assertThat(phones.add(phone)).isTrue();
      }
      String email = shopper.get("email");
      if (!email.isEmpty()) {
        assertThat(email).matches("[a-z]+\\.[a-z]+\\d+@example\\.(com|net|org)");
        assertThat(emails.add(email)).isTrue();
      }
    }
    assertThat(cards.size()).isGreaterThan(CHAIN.shoppers() * 9 / 10);
    assertThat(phones).isNotEmpty();
    assertThat(emails).isNotEmpty();
  }

  @Test
  void namesAreWrittenInTheScriptOfTheShoppersLanguage() throws IOException {
    Map<String, UnicodeScript> scripts =
        Map.of(
            "en", UnicodeScript.LATIN,
            "es", UnicodeScript.LATIN,
            "bg", UnicodeScript.CYRILLIC,
            "fa", UnicodeScript.ARABIC,
            "zh-TW", UnicodeScript.HAN);
    Map<String, Integer> shoppersByLanguage = new HashMap<>();
    for (CSVRecord shopper : table("shoppers")) {
      String language = shopper.get("language");
      assertThat(scripts).containsKey(language);
      shoppersByLanguage.merge(language, 1, Integer::sum);
      for (String name : List.of(shopper.get("first_name"), shopper.get("last_name"))) {
        assertThat(name).isNotBlank();
        name.codePoints()
            .filter(Character::isLetter)
            .forEach(
                c ->
                    assertThat(UnicodeScript.of(c))
                        .as(name + " (" + language + ")")
                        .isEqualTo(scripts.get(language)));
      }
      if (language.equals("fa")) {
        // Persian, not Arabic, letters: ی (U+06CC) and ک (U+06A9), never ي or ك
        assertThat(shopper.get("first_name") + shopper.get("last_name"))
            .doesNotContain("\u064A", "\u0643");
      }
    }
    assertThat(shoppersByLanguage.keySet()).containsExactlyInAnyOrderElementsOf(scripts.keySet());
  }

  @Test
  void shoppersTimeZoneIsTheirHomeStoresAndBirthdaysAreDates() throws IOException {
    Map<String, String> zoneOfStore = new HashMap<>();
    for (CSVRecord store : table("stores")) {
      zoneOfStore.put(store.get("store_code"), store.get("time_zone"));
    }
    assertThat(new HashSet<>(zoneOfStore.values()).size()).isGreaterThanOrEqualTo(5);
    for (CSVRecord shopper : table("shoppers")) {
      assertThat(shopper.get("time_zone")).isEqualTo(zoneOfStore.get(shopper.get("home_store")));
      if (!shopper.get("birthday").isEmpty()) {
        LocalDate birthday = LocalDate.parse(shopper.get("birthday"));
        assertThat(birthday).isBefore(CHAIN.from().minusYears(17));
      }
    }
    for (CSVRecord member : table("household_members")) {
      assertThat(member.get("relation")).isIn("partner", "child");
      assertThat(LocalDate.parse(member.get("birthday"))).isBefore(CHAIN.from());
    }
  }

  @Test
  void householdsHoldOneOrTwoCardHoldersAndSomeMembers() throws IOException {
    Map<String, Integer> holders = new HashMap<>();
    for (CSVRecord shopper : table("shoppers")) {
      holders.merge(shopper.get("household_code"), 1, Integer::sum);
    }
    assertThat(holders.values()).allMatch(n -> n == 1 || n == 2);
    long couples = holders.values().stream().filter(n -> n == 2).count();
    assertThat(couples).isGreaterThan(CHAIN.shoppers() / 10);
    assertThat(table("household_members").stream().map(r -> r.get("relation")))
        .contains("child", "partner");
  }

  @Test
  void purchasesAreInTheWindowAndReturnsAreNegativeAndLater() throws IOException {
    Instant start = CHAIN.from().atStartOfDay(ZoneId.of("UTC")).toInstant().minusSeconds(86_400);
    Instant end = CHAIN.to().plusDays(2).atStartOfDay(ZoneId.of("UTC")).toInstant();
    Map<String, Instant> receiptTimes = new HashMap<>();
    int returns = 0;
    String previousReceipt = "";
    Set<String> seenReceipts = new HashSet<>();
    for (CSVRecord line : table("purchases")) {
      Instant at = Instant.parse(line.get("purchased_at"));
      assertThat(at).isBetween(start, end);
      String receipt = line.get("store_code") + "/" + line.get("receipt_number");
      if (!receipt.equals(previousReceipt)) {
        assertThat(seenReceipts.add(receipt)).as("receipt lines are contiguous").isTrue();
        assertThat(line.get("line_number")).isEqualTo("1");
        previousReceipt = receipt;
      }
      int quantity = Integer.parseInt(line.get("quantity"));
      assertThat(quantity).isNotZero();
      assertThat(line.get("unit_price")).matches("\\d+\\.\\d{2}");
      if (line.get("receipt_number").endsWith("R")) {
        assertThat(quantity).isNegative();
        String original = receipt.substring(0, receipt.length() - 1);
        assertThat(receiptTimes).containsKey(original);
        assertThat(at).isAfter(receiptTimes.get(original));
        returns++;
      } else {
        assertThat(quantity).isPositive();
        receiptTimes.putIfAbsent(receipt, at);
      }
    }
    assertThat(returns).isPositive();
  }

  @Test
  void theDefaultWindowIsTheLeapYear2024() {
    assertThat(CHAIN.windowDays()).isEqualTo(366);
    assertThat(CHAIN.windowWeeks()).isCloseTo(52.29, within(0.01));
  }

  @Test
  void defaultsGiveAboutTenPurchaseLinesPerShopper() {
    double linesPerShopper = (double) summary.purchaseLines() / CHAIN.shoppers();
    assertThat(linesPerShopper).isBetween(8.0, 12.0);
  }

  @Test
  void receiptsCostAboutTheirTargetSpend() throws IOException {
    Map<String, Double> amounts = new HashMap<>();
    for (CSVRecord line : table("purchases")) {
      if (!line.get("receipt_number").endsWith("R")) {
        amounts.merge(
            line.get("store_code") + "/" + line.get("receipt_number"),
            Integer.parseInt(line.get("quantity")) * Double.parseDouble(line.get("unit_price")),
            Double::sum);
      }
    }
    double mean =
        amounts.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double variance =
        amounts.values().stream().mapToDouble(a -> (a - mean) * (a - mean)).sum()
            / (amounts.size() - 1);
    double standardError = Math.sqrt(variance / amounts.size());
    // the basket overshoots or undershoots its target by under half a line; allow 3 % for that
    double expected = CHAIN.spend().meanTransactionValue();
    assertThat(mean).isCloseTo(expected, within(4 * standardError + 0.03 * expected));
  }

  @Test
  void firstPurchasesAreSpreadEvenlyOverTheWindow() throws IOException {
    Map<String, Instant> first = new HashMap<>();
    for (CSVRecord line : table("purchases")) {
      first.merge(
          line.get("loyalty_id"),
          Instant.parse(line.get("purchased_at")),
          (a, b) -> a.isBefore(b) ? a : b);
    }
    long startDay = CHAIN.from().toEpochDay();
    double meanDay =
        first.values().stream()
            .mapToDouble(i -> i.getEpochSecond() / 86_400.0 - startDay)
            .average()
            .orElseThrow();
    double days = CHAIN.windowDays();
    // uniform on [0, days): mean days/2, standard deviation days/√12
    double standardError = days / Math.sqrt(12) / Math.sqrt(first.size());
    assertThat(meanDay).isCloseTo(days / 2, within(4 * standardError + 0.5));
  }

  @Test
  void consentsUseTheKnownChannelsPurposesAndStatuses() throws IOException {
    Map<String, Integer> granted = new HashMap<>();
    for (CSVRecord consent : table("consents")) {
      assertThat(consent.get("channel")).isIn("email", "sms", "kiosk");
      assertThat(consent.get("purpose")).isIn("offers", "profiling");
      assertThat(consent.get("status")).isIn("granted", "revoked");
      Instant.parse(consent.get("occurred_at"));
      if (consent.get("status").equals("granted")) {
        granted.merge(consent.get("channel"), 1, Integer::sum);
      }
    }
    assertThat(granted.get("kiosk")).isGreaterThan(granted.get("email"));
    assertThat(granted.get("email")).isGreaterThan(granted.get("sms"));
  }

  @Test
  void manifestCountsMatchTheFiles() throws IOException {
    for (String table : TABLES) {
      String name = table + ".csv";
      assertThat(summary.rowsByFile().get(name)).isEqualTo(table(table).size());
      assertThat(summary.bytesByFile().get(name)).isEqualTo(Files.size(oneThread.resolve(name)));
      assertThat(Files.readString(oneThread.resolve("manifest.json")))
          .contains("\"name\": \"" + name + "\"");
    }
    assertThat(Files.readString(oneThread.resolve("README.txt")))
        .contains("tailor generate --shoppers 5000 --stores 12 --seed 42");
  }

  @Test
  void reportsProgressAndFinishesAtTheTotal() {
    assertThat(progress).isNotEmpty();
    GenerationProgress last = progress.get(progress.size() - 1);
    assertThat(last.shoppersWritten()).isEqualTo(CHAIN.shoppers());
    assertThat(last.fractionDone()).isEqualTo(1.0);
    assertThat(last.purchaseLinesWritten()).isEqualTo(summary.purchaseLines());
  }

  @Test
  void groundTruthFileDescribesTheGeneratedShoppers() throws IOException {
    GroundTruthResponseModel model =
        GroundTruthResponseModel.read(oneThread.resolve("ground-truth.json"));
    GroundTruthResponseModel direct = GroundTruthResponseModel.of(CHAIN);
    for (long i : new long[] {0, 1, 2_500, 4_999}) {
      assertThat(model.traits(i)).isEqualTo(direct.traits(i));
    }
    // a shopper's first declared preference is their largest hidden category share
    int declaring = 0;
    for (CSVRecord shopper : table("shoppers")) {
      String preferred = shopper.get("preferred_categories");
      if (preferred.isEmpty()) {
        continue;
      }
      declaring++;
      ShopperTraits traits = model.traits(shopper.get("loyalty_id"));
      String top =
          traits.categoryShares().entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .orElseThrow()
              .getKey();
      assertThat(preferred.split(";")[0]).isEqualTo(top);
    }
    assertThat(declaring).isGreaterThan(CHAIN.shoppers() / 3);
  }

  @Test
  void shoppersWithAHigherHiddenPurchaseRateBuyMoreOften() throws IOException {
    GroundTruthResponseModel model = GroundTruthResponseModel.of(CHAIN);
    Map<String, Integer> receipts = new HashMap<>();
    for (CSVRecord line : table("purchases")) {
      if (line.get("line_number").equals("1") && !line.get("receipt_number").endsWith("R")) {
        receipts.merge(line.get("loyalty_id"), 1, Integer::sum);
      }
    }
    double[] low = new double[2];
    double[] high = new double[2];
    for (int i = 0; i < CHAIN.shoppers(); i++) {
      ShopperTraits traits = model.traits(i);
      double[] group = traits.purchaseRatePerWeek() > 0.1 ? high : low;
      group[0] += receipts.getOrDefault(traits.loyaltyId(), 0);
      group[1]++;
    }
    assertThat(high[0] / high[1]).isGreaterThan(2 * low[0] / low[1]);
  }

  @Test
  void refusesADirectoryThatCannotBeCreated() throws IOException {
    Path file = Files.writeString(root.resolve("a-file"), "x");
    assertThatThrownBy(
            () ->
                ChainGenerator.generate(
                    ChainParameters.of(10, 1, 1),
                    new OutputOptions(file.resolve("chain"), false, 1),
                    p -> {}))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("out"));
  }

  @Test
  void refusesAWindowThatEndsBeforeItStarts() {
    assertThatThrownBy(
            () ->
                ChainParameters.of(10, 1, 1)
                    .withWindow(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 4, 30)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("to");
              assertThat(e.value()).isEqualTo("2024-04-30");
              assertThat(e.getMessage()).contains("2024-05-01");
            });
  }

  @Test
  void refusesNonPositiveCounts() {
    assertThatThrownBy(() -> ChainParameters.of(0, 1, 1))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("shoppers"));
    assertThatThrownBy(() -> ChainParameters.of(1, -3, 1))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("stores"));
  }
}
