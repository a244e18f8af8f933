package org.tailor.bench.recommender;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * UCI Online Retail with a temporal split: customers' purchases before a cut date are learnt from;
 * each customer's distinct products bought in the {@code testDays} after it are to be found. Kept:
 * lines with a CustomerID, not on cancellation invoices ("C…"), with positive quantity and price,
 * whose StockCode starts with a digit (POST, D, M, BANK CHARGES, AMAZONFEE… are not products).
 * Tested: customers with purchases both before and after the cut.
 */
final class OnlineRetailTemporal {

  static final String FILE = "online-retail/online_retail.csv.gz";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private OnlineRetailTemporal() {}

  /** One kept line. */
  record Line(String customer, String stockCode, LocalDateTime at) {}

  /**
   * A split with, per user, the recency-weighted count of each train item ({@code 0.5^(age /
   * halfLifeDays)} summed over invoices), aligned with the user's train row.
   */
  record Data(Split split, float[][] recencyWeights, List<String> itemCodes) {}

  static List<Line> load(Path data) throws IOException {
    List<Line> lines = new ArrayList<>();
    try (Reader in =
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(data.resolve(FILE))),
            StandardCharsets.UTF_8)) {
      for (CSVRecord row :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        String customer = row.get("CustomerID");
        String invoice = row.get("InvoiceNo");
        String code = row.get("StockCode");
        if (customer.isEmpty()
            || invoice.startsWith("C")
            || code.isEmpty()
            || !Character.isDigit(code.charAt(0))
            || Integer.parseInt(row.get("Quantity")) <= 0
            || Double.parseDouble(row.get("UnitPrice")) <= 0) {
          continue;
        }
        lines.add(new Line(customer, code, LocalDateTime.parse(row.get("InvoiceDate"), WHEN)));
      }
    }
    return lines;
  }

  /**
   * Train before {@code cut}, test in [cut, cut + testDays). With {@code newItemsOnly} the test
   * holds only products the customer had not bought before, and bought ones are masked from the
   * ranking (discovery); otherwise repeat purchases count and nothing is masked.
   */
  static Data split(
      List<Line> lines,
      LocalDateTime cut,
      int testDays,
      double halfLifeDays,
      boolean newItemsOnly) {
    LocalDateTime end = cut.plusDays(testDays);
    Map<String, Integer> itemIndex = new HashMap<>();
    List<String> itemCodes = new ArrayList<>();
    Map<String, Map<Integer, Float>> trainByCustomer = new TreeMap<>();
    Map<String, java.util.Set<Integer>> testByCustomer = new HashMap<>();
    for (Line line : lines) {
      if (line.at().isBefore(cut)) {
        int item =
            itemIndex.computeIfAbsent(
                line.stockCode(),
                code -> {
                  itemCodes.add(code);
                  return itemCodes.size() - 1;
                });
        double ageDays = Duration.between(line.at(), cut).toMinutes() / 1440.0;
        float weight = (float) Math.pow(0.5, ageDays / halfLifeDays);
        trainByCustomer
            .computeIfAbsent(line.customer(), c -> new HashMap<>())
            .merge(item, weight, Float::sum);
      }
    }
    for (Line line : lines) {
      if (!line.at().isBefore(cut) && line.at().isBefore(end)) {
        Integer item = itemIndex.get(line.stockCode());
        if (item != null && trainByCustomer.containsKey(line.customer())) {
          testByCustomer.computeIfAbsent(line.customer(), c -> new java.util.TreeSet<>()).add(item);
        }
      }
    }
    int users = trainByCustomer.size();
    int[][] train = new int[users][];
    float[][] weights = new float[users][];
    int[][] test = new int[users][];
    int[][] valid = new int[users][];
    int u = 0;
    for (Map.Entry<String, Map<Integer, Float>> entry : trainByCustomer.entrySet()) {
      Map<Integer, Float> bought = new TreeMap<>(entry.getValue());
      train[u] = bought.keySet().stream().mapToInt(Integer::intValue).toArray();
      weights[u] = new float[train[u].length];
      int i = 0;
      for (float w : bought.values()) {
        weights[u][i++] = w;
      }
      valid[u] = new int[0];
      test[u] =
          testByCustomer.getOrDefault(entry.getKey(), java.util.Set.of()).stream()
              .filter(item -> !newItemsOnly || !bought.containsKey(item))
              .mapToInt(Integer::intValue)
              .sorted()
              .toArray();
      u++;
    }
    String name =
        "Online Retail, train before "
            + cut.toLocalDate()
            + ", test "
            + testDays
            + " days"
            + (newItemsOnly ? ", new-to-customer products only" : ", repeat purchases included");
    return new Data(
        new Split(name, itemCodes.size(), train, valid, test, newItemsOnly, newItemsOnly),
        weights,
        itemCodes);
  }
}
