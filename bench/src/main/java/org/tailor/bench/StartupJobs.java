package org.tailor.bench;

import org.tailor.server.TailorServer;
import org.tailor.server.shopper.RfmCutPoints;

/**
 * Waits for the work a server starts in the background when it starts — loading the shopper index
 * and measuring the RFM cut points, each of which reads a whole table — so that a benchmark
 * measures the server as it runs, not its first minute. On the 1M-shopper chain the RFM measurement
 * alone keeps MariaDB busy for about 20 s; it is repeated every {@code tailor.rfm.refresh.minutes}
 * (default 60), which a benchmark of a few minutes would meet at most once an hour.
 */
final class StartupJobs {

  private StartupJobs() {}

  /**
   * Waits until the shopper index (where the server has one) is loaded and the first RFM cut points
   * are measured, at most ten minutes (a measurement that failed is logged by the server and
   * retried only on its schedule); returns the seconds waited.
   */
  static double awaitDone(TailorServer server) throws InterruptedException {
    long started = System.nanoTime();
    long giveUp = started + 600_000_000_000L;
    while (server.shopperIndex().map(index -> !index.isReady()).orElse(false)
        || server.rfmCutPoints() == RfmCutPoints.NONE) {
      if (System.nanoTime() - giveUp > 0) {
        System.err.println("start-up jobs still running after 600 s; measuring anyway");
        break;
      }
      Thread.sleep(100);
    }
    return (System.nanoTime() - started) / 1e9;
  }
}
