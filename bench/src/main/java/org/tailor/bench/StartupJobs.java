package org.tailor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.tailor.server.TailorServer;
import org.tailor.server.plugins.WarmingUpPlugin;
import org.tailor.server.shopper.RfmCutPoints;

/**
 * Waits for the work a server starts in the background when it starts — loading the shopper index
 * and every shopper's decision facts and latest receipts (about 25 s for the receipts on the
 * 1M-shopper chain), measuring the RFM cut points, each of which reads a whole table, and the
 * scoring plugins' first models (the history plugin reads the purchase ledger) — so that a
 * benchmark measures the server as it runs, not its first minutes. On the 1M-shopper chain the RFM
 * measurement alone keeps MariaDB busy for about 20 s; it is repeated every {@code
 * tailor.rfm.refresh.minutes} (default 60), which a benchmark of a few minutes would meet at most
 * once an hour. A scoring plugin that is still {@linkplain TailorServer#scoringPluginsWarmingUp()
 * warming up} answers from its cold-start fallback, which is cheaper than its real scoring.
 */
final class StartupJobs {

  private StartupJobs() {}

  /**
   * Waits until the shopper index and the resident purchases (where the server has them) are
   * loaded, the first RFM cut points are measured and every active scoring plugin is ready, at most
   * ten minutes (a measurement that failed is logged by the server and retried only on its
   * schedule); returns the seconds waited. When it gives up it prints what it still waited for.
   */
  static double awaitDone(TailorServer server) throws InterruptedException {
    long started = System.nanoTime();
    long giveUp = started + 600_000_000_000L;
    List<String> waiting = stillRunning(server);
    while (!waiting.isEmpty()) {
      if (System.nanoTime() - giveUp > 0) {
        System.err.println(
            "start-up jobs still running after 600 s; measuring anyway. Still waiting for: "
                + String.join("; ", waiting));
        break;
      }
      Thread.sleep(100);
      waiting = stillRunning(server);
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** What the server is still doing in the background, in words; empty when it is done. */
  private static List<String> stillRunning(TailorServer server) {
    List<String> waiting = new ArrayList<>();
    if (server.shopperIndex().map(index -> !index.isReady()).orElse(false)) {
      waiting.add("the shopper index");
    }
    if (server.residentShoppers().map(resident -> !resident.isLoaded()).orElse(false)) {
      waiting.add("the shoppers' decision facts");
    }
    if (server.residentPurchases().map(purchases -> !purchases.isLoaded()).orElse(false)) {
      waiting.add("the resident purchases");
    }
    if (server.rfmCutPoints() == RfmCutPoints.NONE) {
      waiting.add("the RFM cut points");
    }
    List<WarmingUpPlugin> warming = server.scoringPluginsWarmingUp();
    if (!warming.isEmpty()) {
      waiting.add(
          "scoring plugins warming up: "
              + warming.stream()
                  .map(w -> w.pluginId() + " (" + w.waitingFor() + ")")
                  .collect(Collectors.joining(", ")));
    }
    return waiting;
  }
}
