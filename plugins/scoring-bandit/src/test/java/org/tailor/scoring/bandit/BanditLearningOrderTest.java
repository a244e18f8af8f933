package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;

/**
 * The plugin learns the events the host reports on its own thread: every event is learned, and in
 * the order reported — a redemption learned before its presentation would find no trial to turn
 * into a success and would not be counted.
 */
class BanditLearningOrderTest {

  private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");
  private static final DecisionContext NEWCOMER =
      new DecisionContext(Optional.empty(), "S-01", Optional.empty(), "kiosk", AT);

  @Test
  void everyEventReportedFromManyThreadsIsLearnedInTheOrderReported() throws Exception {
    Map<String, byte[]> saved = new HashMap<>();
    PluginStateStore store =
        new PluginStateStore() {
          @Override
          public Optional<byte[]> load(String pluginId, String key) {
            return Optional.ofNullable(saved.get(pluginId + "/" + key));
          }

          @Override
          public void save(String pluginId, String key, byte[] snapshot) {
            saved.put(pluginId + "/" + key, snapshot);
          }
        };
    BanditScoringPlugin plugin =
        new BanditScoringPlugin(
            store, (loyaltyId, limit) -> List.of(), new TestConfiguration("thompson"));
    int threads = 4;
    int each = 2_000;
    ExecutorService hosts = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String offer = "offer-" + t;
      done.add(
          hosts.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  String presentation = offer + "-" + i;
                  plugin.presented(
                      new PresentationEvent(
                          presentation,
                          NEWCOMER,
                          false,
                          List.of(new ShownOffer(offer, 1, 0.5, "test"))));
                  if (i % 2 == 0) {
                    plugin.redeemed(
                        new RedemptionEvent(
                            "message-" + presentation, Optional.of(presentation), offer, AT));
                  }
                }
              }));
    }
    for (Future<?> host : done) {
      host.get();
    }
    hosts.shutdown();
    plugin.deactivate(); // learns what was reported, then saves

    BanditLearner learned =
        BanditLearner.restore(
            saved.get(BanditScoringPlugin.ID + "/" + BanditScoringPlugin.STATE_KEY),
            BanditScoringPlugin.settings(new TestConfiguration("thompson")));
    for (int t = 0; t < threads; t++) {
      assertThat(learned.thompson().offerCounts("offer-" + t))
          .as("trials and successes of offer-%d", t)
          .containsExactly(each, each / 2);
      assertThat(learned.thompson().segmentCountsOf("offer-" + t, "newcomer"))
          .as("trials and successes of offer-%d among newcomers", t)
          .containsExactly(each, each / 2);
    }
  }
}
