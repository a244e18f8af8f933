package org.tailor.server.outbox;

/** What one pass of the dispatcher did with the messages that were due. */
public record DispatchSummary(int delivered, int retried, int deferred, int blocked, int dead) {

  public int handled() {
    return delivered + retried + deferred + blocked + dead;
  }

  DispatchSummary plus(DispatchSummary other) {
    return new DispatchSummary(
        delivered + other.delivered,
        retried + other.retried,
        deferred + other.deferred,
        blocked + other.blocked,
        dead + other.dead);
  }
}
