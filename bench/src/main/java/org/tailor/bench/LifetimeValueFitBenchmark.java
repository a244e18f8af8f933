package org.tailor.bench;

import java.util.concurrent.Callable;
import org.tailor.scoring.value.lifetime.BgNbd;
import org.tailor.scoring.value.lifetime.BgNbdModel;
import org.tailor.scoring.value.lifetime.FittedModel;
import org.tailor.scoring.value.lifetime.GammaGamma;
import org.tailor.scoring.value.lifetime.GammaGammaModel;
import org.tailor.scoring.value.lifetime.RepeatPurchases;
import org.tailor.scoring.value.lifetime.SpendObservations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the BG/NBD and Gamma-Gamma fits take on millions of shoppers, and whether they recover
 * the parameters the shoppers were drawn with: draws shoppers from the BG/NBD process ({@link
 * BgNbdShoppers}), then times grouping plus fitting for each model, and prints one JSON line with
 * the times, the number of (x, t<sub>x</sub>, T) groups, and the true and fitted parameters.
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.LifetimeValueFitBenchmark --shoppers 10000000 --seed 1
 * </pre>
 */
@Command(name = "lifetime-value-fit-benchmark", mixinStandardHelpOptions = true)
public final class LifetimeValueFitBenchmark implements Callable<Integer> {

  @Option(names = "--shoppers", defaultValue = "10000000", description = "Shoppers to draw.")
  private int shoppers;

  @Option(names = "--seed", defaultValue = "1", description = "Seed.")
  private long seed;

  @Option(
      names = "--cohort-days",
      defaultValue = "84",
      description = "First purchases in days 0..N-1.")
  private int cohortDays;

  @Option(names = "--calibration-days", defaultValue = "364", description = "Calibration length.")
  private int calibrationDays;

  // True parameters: FHL 2005's CDNOW estimates, the best-known real values.
  @Option(names = "--r", defaultValue = "0.243")
  private double r;

  @Option(names = "--alpha", defaultValue = "4.414")
  private double alpha;

  @Option(names = "--a", defaultValue = "0.793")
  private double a;

  @Option(names = "--b", defaultValue = "2.426")
  private double b;

  @Option(names = "--p", defaultValue = "6.25")
  private double p;

  @Option(names = "--q", defaultValue = "3.74")
  private double q;

  @Option(names = "--gamma", defaultValue = "15.44")
  private double gamma;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LifetimeValueFitBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    long drawStart = System.nanoTime();
    BgNbdShoppers drawn =
        BgNbdShoppers.draw(
            shoppers, seed, r, alpha, a, b, p, q, gamma, cohortDays, calibrationDays);
    double drawSeconds = seconds(drawStart);

    long cpuBefore = ProcessMemory.processCpuNanos();
    long bgNbdStart = System.nanoTime();
    RepeatPurchases purchases =
        RepeatPurchases.of(drawn.frequency, drawn.recencyWeeks, drawn.ageWeeks);
    double groupSeconds = seconds(bgNbdStart);
    FittedModel<BgNbdModel> bgNbd = BgNbd.fit(purchases);
    double bgNbdSeconds = seconds(bgNbdStart);

    long gammaGammaStart = System.nanoTime();
    SpendObservations spend = SpendObservations.of(repeatFrequencies(drawn), repeatMeans(drawn));
    FittedModel<GammaGammaModel> gammaGamma = GammaGamma.fit(spend);
    double gammaGammaSeconds = seconds(gammaGammaStart);
    double cpuSeconds = (ProcessMemory.processCpuNanos() - cpuBefore) / 1e9;

    BgNbdModel fitted = bgNbd.model();
    GammaGammaModel fittedSpend = gammaGamma.model();
    JsonLine.of("lifetime-value-fit")
        .add("shoppers", shoppers)
        .add("seed", seed)
        .add("processors", Runtime.getRuntime().availableProcessors())
        .add("drawSeconds", drawSeconds, 2)
        .add("groups", purchases.groups())
        .add("groupSeconds", groupSeconds, 2)
        .add("bgNbdSeconds", bgNbdSeconds, 2)
        .add("bgNbdEvaluations", bgNbd.evaluations())
        .add("repeatBuyers", spend.customers())
        .add("gammaGammaSeconds", gammaGammaSeconds, 2)
        .add("gammaGammaEvaluations", gammaGamma.evaluations())
        .add("fitSeconds", bgNbdSeconds + gammaGammaSeconds, 2)
        .add("cpuSeconds", cpuSeconds, 2)
        .add("peakHeapBytes", ProcessMemory.peakHeapBytes())
        .add(
            "true",
            String.format(
                java.util.Locale.ROOT,
                "r=%.4f alpha=%.4f a=%.4f b=%.4f p=%.4f q=%.4f gamma=%.4f",
                r,
                alpha,
                a,
                b,
                p,
                q,
                gamma))
        .add(
            "fitted",
            String.format(
                java.util.Locale.ROOT,
                "r=%.4f alpha=%.4f a=%.4f b=%.4f p=%.4f q=%.4f gamma=%.4f",
                fitted.r(),
                fitted.alpha(),
                fitted.a(),
                fitted.b(),
                fittedSpend.p(),
                fittedSpend.q(),
                fittedSpend.gamma()))
        .add(
            "maxRelativeError",
            maxRelativeError(
                new double[] {r, alpha, a, b, p, q, gamma},
                new double[] {
                  fitted.r(),
                  fitted.alpha(),
                  fitted.a(),
                  fitted.b(),
                  fittedSpend.p(),
                  fittedSpend.q(),
                  fittedSpend.gamma()
                }),
            4)
        .print();
    return 0;
  }

  private static int[] repeatFrequencies(BgNbdShoppers drawn) {
    return java.util.Arrays.stream(drawn.frequency).filter(x -> x > 0).toArray();
  }

  private static double[] repeatMeans(BgNbdShoppers drawn) {
    double[] means =
        new double[(int) java.util.Arrays.stream(drawn.frequency).filter(x -> x > 0).count()];
    int j = 0;
    for (int i = 0; i < drawn.frequency.length; i++) {
      if (drawn.frequency[i] > 0) {
        means[j++] = drawn.meanRepeatSpend[i];
      }
    }
    return means;
  }

  private static double maxRelativeError(double[] truth, double[] estimate) {
    double max = 0;
    for (int i = 0; i < truth.length; i++) {
      max = Math.max(max, Math.abs(estimate[i] - truth[i]) / truth[i]);
    }
    return max;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
