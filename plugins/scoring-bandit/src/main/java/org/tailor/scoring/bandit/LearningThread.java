package org.tailor.scoring.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that learns the events the host reports, in the order reported, in batches.
 *
 * <p>Why not an executor: a single-thread executor whose worker waits in {@code take()} is woken by
 * every event, and the wake-up (a futex call, on a virtual machine an inter-processor interrupt)
 * was the largest single cost a decision paid outside its own scoring: a quarter of the deciding
 * threads' wall time at 6,000 decisions/s on 2 cores (docs/benchmarks.md, sixteenth session). Here
 * a decision only adds its presentation to a lock-free queue; the thread wakes by itself every
 * {@link #IDLE_PARK_NANOS} while there is nothing to learn, and learns what is waiting under one
 * hold of the learner's write lock ({@link BanditLearner#learn}), so that the deciding threads'
 * scoring meets the writer once per batch instead of once per event. A redemption (rare, and what
 * the model learns from) wakes the thread at once, and so does a task such as the copy of the state
 * for a save.
 *
 * <p>Bounded: when {@code capacity} events wait, the reporting thread learns its event itself, as
 * the executor's caller-runs policy did, so that no event is dropped and memory stays bounded.
 */
final class LearningThread {

  /** How long the thread sleeps when nothing waits: the most a presentation waits to be learned. */
  static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** The most events learned under one hold of the write lock. */
  static final int MAX_BATCH = 1_024;

  private static final Logger LOG = LoggerFactory.getLogger(LearningThread.class);

  private final BanditLearner learner;
  private final int capacity;
  // BanditLearner.Event or FutureTask, in the order reported
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * Starts the thread.
   *
   * @param capacity how many events may wait before the reporting thread learns its own
   */
  LearningThread(BanditLearner learner, int capacity, String name) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be 1 or more, was " + capacity);
    }
    this.learner = learner;
    this.capacity = capacity;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Reports a presentation: learned within {@link #IDLE_PARK_NANOS} and the batch before it. */
  void report(BanditLearner.Shown shown) {
    if (!enqueue(shown)) {
      learner.learn(List.of(shown));
    }
  }

  /** Reports a redemption and wakes the thread to learn it. */
  void report(BanditLearner.Redeemed redeemed) {
    if (enqueue(redeemed)) {
      LockSupport.unpark(thread);
    } else {
      learner.learn(List.of(redeemed));
    }
  }

  private boolean enqueue(Object event) {
    if (stopping) {
      return false;
    }
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      return false;
    }
    queue.add(event); // counted first: the stopping thread waits for it (see run)
    return true;
  }

  /**
   * Runs {@code task} on the learning thread after every event reported before it and before any
   * reported after it, and returns its result; runs it here once the thread has stopped.
   *
   * @throws ExecutionException with what the task threw
   */
  <T> T call(Callable<T> task) throws InterruptedException, ExecutionException {
    FutureTask<T> future = new FutureTask<>(task);
    if (thread.isAlive()) {
      queue.add(future);
      LockSupport.unpark(thread);
    }
    while (!future.isDone()) {
      if (!thread.isAlive()) {
        future.run(); // stopped before it came to the task (a task runs once: no-op if it did)
        break;
      }
      try {
        return future.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // look again whether the thread still runs
      }
    }
    return future.get();
  }

  /** How many events wait to be learned. */
  int waiting() {
    return waiting.get();
  }

  /**
   * Stops the thread once it has learned every event reported before; returns whether it did so
   * within {@code millis}.
   */
  boolean stop(long millis) {
    stopping = true;
    LockSupport.unpark(thread);
    return awaitStop(millis);
  }

  private boolean awaitStop(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void run() {
    List<BanditLearner.Event> batch = new ArrayList<>();
    while (true) {
      Object item = queue.poll();
      if (item == null) {
        if (stopping) {
          if (waiting.get() == 0) {
            return; // every event counted before stop was asked has been learned
          }
          Thread.onSpinWait(); // a reporter counted its event and is about to add it
          continue;
        }
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        continue;
      }
      while (item != null) {
        if (item instanceof BanditLearner.Event event) {
          batch.add(event);
          waiting.decrementAndGet();
          if (batch.size() >= MAX_BATCH) {
            learn(batch);
          }
        } else {
          learn(batch); // the task runs after the events reported before it
          ((FutureTask<?>) item).run();
        }
        item = queue.poll();
      }
      learn(batch);
    }
  }

  private void learn(List<BanditLearner.Event> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      learner.learn(batch);
    } catch (RuntimeException e) {
      LOG.error("the bandit could not learn all of {} reported events", batch.size(), e);
    }
    batch.clear();
  }
}
