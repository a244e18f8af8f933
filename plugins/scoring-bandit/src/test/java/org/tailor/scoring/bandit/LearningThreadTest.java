package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tailor.scoring.bandit.BanditLearnerTest.ANA;
import static org.tailor.scoring.bandit.BanditLearnerTest.NEWCOMER;
import static org.tailor.scoring.bandit.BanditLearnerTest.redeemed;
import static org.tailor.scoring.bandit.BanditLearnerTest.shown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The learning thread learns every reported event once, in the order reported, in batches under one
 * hold of the write lock, without being woken for a presentation; a full queue makes the reporter
 * learn its own event, and stopping learns what was reported first.
 */
class LearningThreadTest {

  /** Presentations, repeats and redemptions (one before its presentation, one twice). */
  private static List<BanditLearner.Event> events() {
    List<BanditLearner.Event> events = new ArrayList<>();
    events.add(new BanditLearner.Redeemed(redeemed("m0", "p1", "offer-a"))); // before p1: lost
    for (int i = 1; i <= 40; i++) {
      events.add(
          new BanditLearner.Shown(
              shown("p" + i, i % 3 == 0 ? NEWCOMER : ANA, "offer-a", "offer-b", "offer-c"),
              PurchaseAffinity.EMPTY));
      if (i % 4 == 0) {
        events.add(new BanditLearner.Redeemed(redeemed("m" + i, "p" + i, "offer-b")));
      }
    }
    events.add(new BanditLearner.Shown(shown("p8", ANA, "offer-a"), PurchaseAffinity.EMPTY));
    events.add(new BanditLearner.Redeemed(redeemed("m8", "p8", "offer-b"))); // heard already
    events.add(new BanditLearner.Redeemed(redeemed("m9", "p9", "offer-c")));
    return events;
  }

  private static BanditLearner oneByOne(List<BanditLearner.Event> events) {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    for (BanditLearner.Event event : events) {
      if (event instanceof BanditLearner.Shown shown) {
        learner.presented(shown.event(), shown.affinity());
      } else {
        learner.redeemed(((BanditLearner.Redeemed) event).event());
      }
    }
    return learner;
  }

  @Test
  void aBatchLearnsExactlyWhatTheEventsOneByOneWould() {
    List<BanditLearner.Event> events = events();
    BanditLearner batched = new BanditLearner(BanditSettings.defaults());

    int changed = batched.learn(events);

    BanditLearner expected = oneByOne(events);
    assertThat(batched.snapshot()).isEqualTo(expected.snapshot());
    // 40 shown, 11 redeemed and m0, whose offer had no trial to turn into a success
    assertThat(changed).isEqualTo(expected.changes()).isEqualTo(52);
    assertThat(batched.thompson().offerCounts("offer-a")).containsExactly(40, 0);
    assertThat(batched.thompson().offerCounts("offer-b")).containsExactly(40, 10);
    assertThat(batched.thompson().offerCounts("offer-c")).containsExactly(40, 1);
  }

  @Test
  void anEventThatCannotBeLearnedDoesNotKeepTheRestOfItsBatchFromBeingLearned() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    List<BanditLearner.Event> batch = new ArrayList<>();
    batch.add(new BanditLearner.Shown(shown("p1", ANA, "offer-a"), PurchaseAffinity.EMPTY));
    batch.add(null); // an event that fails to be learned
    batch.add(new BanditLearner.Shown(shown("p2", ANA, "offer-a"), PurchaseAffinity.EMPTY));

    assertThatThrownBy(() -> learner.learn(batch))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("1 of 3 events could not be learned (2 others changed the model)")
        .hasCauseInstanceOf(NullPointerException.class);
    assertThat(learner.thompson().offerCounts("offer-a")).containsExactly(2, 0);
    assertThat(learner.changes()).isEqualTo(2);
  }

  @Test
  void reportedEventsAreLearnedInOrderWithoutWakingTheThreadForPresentations() throws Exception {
    List<BanditLearner.Event> events = events();
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    LearningThread thread = new LearningThread(learner, 1_000, "test-learner");
    for (BanditLearner.Event event : events) {
      if (event instanceof BanditLearner.Shown shown) {
        thread.report(shown);
      } else {
        thread.report((BanditLearner.Redeemed) event);
      }
    }
    // a task runs after every event reported before it
    long changesAtTask = thread.call(learner::changes);

    assertThat(changesAtTask).isEqualTo(52);
    assertThat(thread.waiting()).isZero();
    assertThat(learner.snapshot()).isEqualTo(oneByOne(events).snapshot());

    // a lone presentation, nobody waking the thread: learned when it wakes by itself
    thread.report(new BanditLearner.Shown(shown("p99", ANA, "offer-d"), PurchaseAffinity.EMPTY));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (learner.changes() == 52 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(learner.thompson().offerCounts("offer-d")).containsExactly(1, 0);
    assertThat(thread.stop(30_000)).isTrue();
  }

  @Test
  void aFullQueueMakesTheReporterLearnItsOwnEventAndStoppingLearnsTheRest() throws Exception {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    LearningThread thread = new LearningThread(learner, 1, "test-learner");
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread caller =
        new Thread(
            () -> {
              try {
                thread.call(
                    () -> {
                      busy.countDown();
                      release.await();
                      return null;
                    });
              } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
              }
            });
    caller.start();
    assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();

    thread.report(new BanditLearner.Shown(shown("p1", ANA, "offer-a"), PurchaseAffinity.EMPTY));
    thread.report(new BanditLearner.Shown(shown("p2", ANA, "offer-b"), PurchaseAffinity.EMPTY));

    // p1 waits (the thread is busy); p2 found the queue full and was learned by its reporter
    assertThat(thread.waiting()).isEqualTo(1);
    assertThat(learner.thompson().offerCounts("offer-a")).containsExactly(0, 0);
    assertThat(learner.thompson().offerCounts("offer-b")).containsExactly(1, 0);

    // stop asked while the thread is busy and p1 waits: it learns p1 before it stops
    boolean[] stopped = new boolean[1];
    Thread stopper = new Thread(() -> stopped[0] = thread.stop(30_000));
    stopper.start();
    while (stopper.getState() != Thread.State.TIMED_WAITING) { // joining the learning thread
      Thread.onSpinWait();
    }
    release.countDown();
    caller.join();
    stopper.join();
    assertThat(stopped[0]).as("stopped").isTrue();
    assertThat(learner.thompson().offerCounts("offer-a")).containsExactly(1, 0);
    assertThat(thread.waiting()).isZero();

    // once stopped, a task runs on its caller, and a failing one says why
    assertThat(thread.call(() -> Thread.currentThread().getName()))
        .isEqualTo(Thread.currentThread().getName());
    assertThatThrownBy(
            () ->
                thread.call(
                    () -> {
                      throw new IllegalStateException("copy failed");
                    }))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("copy failed");
  }
}
