package org.tailor.server.reports;

/**
 * Where weekly store reports are handed over for sending. The email channel (a separate plugin, not
 * yet built) is to implement it; until then {@link WeeklyStoreReports} renders nothing for sending
 * and says so.
 */
@FunctionalInterface
public interface ReportMailbox {

  /** Sends (or queues) the email; throws when it cannot be accepted. */
  void send(StoreReportEmail email);
}
