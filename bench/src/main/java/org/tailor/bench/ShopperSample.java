package org.tailor.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A seeded random sample of a generated chain's shoppers, each asked for either by loyalty id or by
 * a secondary identifier (card number, else phone number): even requests by loyalty id, odd ones by
 * the secondary identifier where the shopper has one.
 *
 * @param identifiers what each request asks for
 * @param secondary how many of them are secondary identifiers
 */
record ShopperSample(List<String> identifiers, int secondary) {

  static ShopperSample draw(Path shoppersCsv, long shopperCount, int size, long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long[] rows = new long[size];
    for (int i = 0; i < size; i++) {
      rows[i] = random.nextLong(shopperCount);
    }
    // request indices in the order of their rows, so the file is read once from the top
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> rows[i]));
    String[] loyaltyIds = new String[size];
    String[] others = new String[size];
    try (Reader reader = open(shoppersCsv);
        CSVParser parser =
            CSVParser.parse(
                reader,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
      long row = 0;
      int next = 0;
      for (CSVRecord record : parser) {
        while (next < size && rows[order[next]] == row) {
          int i = order[next++];
          loyaltyIds[i] = record.get("loyalty_id");
          String card = record.get("card_number");
          others[i] = card.isEmpty() ? record.get("phone") : card;
        }
        row++;
        if (next == size) {
          break;
        }
      }
    }
    List<String> identifiers = new ArrayList<>(size);
    int secondary = 0;
    for (int i = 0; i < size; i++) {
      if (loyaltyIds[i] == null) {
        throw new IllegalStateException("shoppers.csv has fewer than " + (rows[i] + 1) + " rows");
      }
      if (i % 2 == 1 && !others[i].isEmpty()) {
        identifiers.add(others[i]);
        secondary++;
      } else {
        identifiers.add(loyaltyIds[i]);
      }
    }
    return new ShopperSample(identifiers, secondary);
  }

  private static Reader open(Path file) throws IOException {
    if (file.getFileName().toString().endsWith(".gz")) {
      return new java.io.InputStreamReader(
          new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8);
    }
    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }
}
