package org.tailor.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.tailor.server.evaluation.offpolicy.LoggedRound;
import org.tailor.server.evaluation.offpolicy.OffPolicyEstimators;
import org.tailor.server.evaluation.offpolicy.PolicyValueEstimate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Open Bandit reference check (Saito et al., "Open Bandit Dataset and Pipeline", NeurIPS 2021
 * Datasets and Benchmarks, arXiv:2008.07146): the click rate of the Bernoulli Thompson sampling
 * (BTS) policy estimated off-policy from the log of the uniform Random policy, against BTS's own
 * on-policy click rate in its own log, per campaign of the small sample.
 *
 * <p>The evaluation policy's action distribution π(item | position) is the frequency of each item
 * at each position in the BTS log (BTS ignores the user context, so this is its distribution over
 * the week). The reward model of DM and DR is each item's click rate in the Random log, shrunk
 * towards the overall rate with 100 pseudo-impressions, fitted on the same log (no cross-fitting).
 * Prints one JSON line per campaign and estimator, and a line saying why where data is absent.
 *
 * <pre>
 * java -cp "$CP" org.tailor.bench.OpenBanditCheck --data ../shared/data/open-bandit-dataset
 * </pre>
 */
@Command(name = "open-bandit-check", mixinStandardHelpOptions = true)
public final class OpenBanditCheck implements Callable<Integer> {

  private static final int POSITIONS = 3;
  private static final double SHRINKAGE = 100;

  @Option(
      names = "--data",
      defaultValue = "../shared/data/open-bandit-dataset",
      description = "The Open Bandit sample: random/<campaign>/<campaign>.csv, bts/...")
  private Path data;

  @Option(
      names = "--campaigns",
      defaultValue = "men,women,all",
      split = ",",
      description = "Campaigns to check.")
  private List<String> campaigns;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OpenBanditCheck()).execute(args));
  }

  /** One logged impression. */
  record Impression(int item, int position, int click, double propensity) {}

  @Override
  public Integer call() throws IOException {
    for (String campaign : campaigns) {
      Path random = data.resolve("random").resolve(campaign).resolve(campaign + ".csv");
      Path bts = data.resolve("bts").resolve(campaign).resolve(campaign + ".csv");
      if (!Files.isRegularFile(random) || !Files.isRegularFile(bts)) {
        String why = "log absent: " + (Files.isRegularFile(random) ? bts : random);
        System.err.println("open-bandit " + campaign + ": skipped, " + why);
        System.out.println(
            JsonLine.of("open-bandit").add("campaign", campaign).add("skipped", why).toString());
        continue;
      }
      check(campaign, read(random), read(bts));
    }
    return 0;
  }

  private static void check(String campaign, List<Impression> random, List<Impression> bts) {
    int items = 0;
    for (Impression i : random) {
      items = Math.max(items, i.item() + 1);
    }
    for (Impression i : bts) {
      items = Math.max(items, i.item() + 1);
    }
    double[][] pi = actionDistribution(bts, items);
    double[] reward = rewardModel(random, items);

    List<LoggedRound> rounds = new ArrayList<>(random.size());
    for (Impression i : random) {
      int p = i.position() - 1;
      double modelled = 0;
      for (int item = 0; item < items; item++) {
        modelled += pi[p][item] * reward[item];
      }
      rounds.add(
          new LoggedRound(i.click(), i.propensity(), pi[p][i.item()], reward[i.item()], modelled));
    }
    double[] btsClicks = bts.stream().mapToDouble(Impression::click).toArray();
    double[] randomClicks = random.stream().mapToDouble(Impression::click).toArray();
    PolicyValueEstimate truth = OffPolicyEstimators.onPolicy(btsClicks);
    PolicyValueEstimate randomRate = OffPolicyEstimators.onPolicy(randomClicks);
    print(campaign, truth, "on-policy-bts", truth, bts.size());
    print(campaign, randomRate, "on-policy-random", truth, random.size());
    for (PolicyValueEstimate estimate : OffPolicyEstimators.all(rounds)) {
      print(campaign, estimate, estimate.estimator(), truth, random.size());
    }
  }

  private static void print(
      String campaign,
      PolicyValueEstimate estimate,
      String name,
      PolicyValueEstimate truth,
      int rows) {
    System.out.println(
        JsonLine.of("open-bandit")
            .add("campaign", campaign)
            .add("estimator", name)
            .add("rows", rows)
            .add("value", estimate.value(), 6)
            .add("standardError", estimate.standardError(), 6)
            .add("lower95", estimate.lower(), 6)
            .add("upper95", estimate.upper(), 6)
            .add("onPolicyBts", truth.value(), 6)
            .add("relativeError", Math.abs(estimate.value() - truth.value()) / truth.value(), 4)
            .toString());
  }

  /** π(item | position): the share of each item among the BTS log's impressions there. */
  static double[][] actionDistribution(List<Impression> log, int items) {
    double[][] counts = new double[POSITIONS][items];
    double[] totals = new double[POSITIONS];
    for (Impression i : log) {
      counts[i.position() - 1][i.item()]++;
      totals[i.position() - 1]++;
    }
    for (int p = 0; p < POSITIONS; p++) {
      for (int item = 0; item < items; item++) {
        counts[p][item] = totals[p] == 0 ? 1.0 / items : counts[p][item] / totals[p];
      }
    }
    return counts;
  }

  /** r̂(item): the item's click rate, shrunk towards the overall rate. */
  static double[] rewardModel(List<Impression> log, int items) {
    double[] clicks = new double[items];
    double[] shows = new double[items];
    double allClicks = 0;
    for (Impression i : log) {
      clicks[i.item()] += i.click();
      shows[i.item()]++;
      allClicks += i.click();
    }
    double overall = allClicks / log.size();
    double[] rates = new double[items];
    for (int item = 0; item < items; item++) {
      rates[item] = (clicks[item] + SHRINKAGE * overall) / (shows[item] + SHRINKAGE);
    }
    return rates;
  }

  static List<Impression> read(Path file) throws IOException {
    List<Impression> impressions = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      CSVFormat format =
          CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .setAllowMissingColumnNames(true)
              .build();
      for (CSVRecord row : format.parse(reader)) {
        impressions.add(
            new Impression(
                Integer.parseInt(row.get("item_id")),
                Integer.parseInt(row.get("position")),
                Integer.parseInt(row.get("click")),
                Double.parseDouble(row.get("propensity_score"))));
      }
    }
    return impressions;
  }
}
