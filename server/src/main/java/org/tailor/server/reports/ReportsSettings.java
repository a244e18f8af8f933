package org.tailor.server.reports;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

/**
 * Settings of the reports ({@code tailor.reports.*}).
 *
 * @param attributionWindow how long after a presentation a purchase is its outcome ({@code
 *     tailor.reports.attribution.days}, default 14, the Hillstrom test's two weeks)
 * @param confidence the level of every interval ({@code tailor.reports.confidence.percent}, 95)
 * @param minimumHoldout measured holdout presentations below which reports warn ({@code
 *     tailor.reports.holdout.minimum}, 200)
 * @param staleTerminalAfter a terminal not seen for this long has stopped reporting ({@code
 *     tailor.reports.terminal.stale.hours}, 24)
 * @param pageSize rows per page ({@code tailor.reports.page.size}, 25)
 * @param defaultDays days a report covers when none are chosen ({@code tailor.reports.days}, 28)
 * @param refreshEvery how often this server refreshes the roll-up ({@code
 *     tailor.reports.refresh.minutes}, 15); zero when it does not ({@code 0}: where several servers
 *     share one database, one of them, or a scheduled {@code tailor reports refresh}, keeps the
 *     reports current)
 * @param sessionTimeout idle time after which a signed-in person must sign in again ({@code
 *     tailor.reports.session.minutes}, 30)
 * @param emailDay the day of the week a store's weekly report is emailed, in the store's time zone
 *     ({@code tailor.reports.email.day}, MONDAY)
 * @param emailTime the time of day it is emailed ({@code tailor.reports.email.time}, 07:00)
 * @param emailCheckEvery how often the server looks for reports due ({@code
 *     tailor.reports.email.check.minutes}, 15)
 */
public record ReportsSettings(
    Duration attributionWindow,
    double confidence,
    long minimumHoldout,
    Duration staleTerminalAfter,
    int pageSize,
    int defaultDays,
    Duration refreshEvery,
    Duration sessionTimeout,
    DayOfWeek emailDay,
    LocalTime emailTime,
    Duration emailCheckEvery) {

  /** The defaults. */
  public static ReportsSettings defaults() {
    return from(TailorSettings.of(java.util.Map.of()));
  }

  public static ReportsSettings from(TailorSettings settings) {
    return new ReportsSettings(
        Duration.ofDays(settings.getLong("tailor.reports.attribution.days", 14)),
        settings.getInt("tailor.reports.confidence.percent", 95) / 100.0,
        settings.getLong("tailor.reports.holdout.minimum", 200),
        Duration.ofHours(settings.getLong("tailor.reports.terminal.stale.hours", 24)),
        settings.getInt("tailor.reports.page.size", 25),
        settings.getInt("tailor.reports.days", 28),
        refreshEvery(settings),
        Duration.ofMinutes(settings.getLong("tailor.reports.session.minutes", 30)),
        emailDay(settings),
        emailTime(settings),
        Duration.ofMinutes(
            Math.max(1, settings.getLong("tailor.reports.email.check.minutes", 15))));
  }

  /** Whether this server refreshes the roll-up itself ({@link #refreshEvery()} above zero). */
  public boolean refreshes() {
    return !refreshEvery.isZero();
  }

  private static Duration refreshEvery(TailorSettings settings) {
    long minutes = settings.getLong("tailor.reports.refresh.minutes", 15);
    if (minutes < 0) {
      throw new SettingsException(
          "setting tailor.reports.refresh.minutes = \""
              + minutes
              + "\": expected minutes between two refreshes of the report roll-up, or 0 for none on"
              + " this server");
    }
    return Duration.ofMinutes(minutes);
  }

  private static DayOfWeek emailDay(TailorSettings settings) {
    String value = settings.asMap().getOrDefault("tailor.reports.email.day", "MONDAY").strip();
    try {
      return DayOfWeek.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          "setting tailor.reports.email.day = \""
              + value
              + "\": expected a day of the week in English, such as MONDAY");
    }
  }

  private static LocalTime emailTime(TailorSettings settings) {
    String value = settings.asMap().getOrDefault("tailor.reports.email.time", "07:00").strip();
    try {
      return LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new SettingsException(
          "setting tailor.reports.email.time = \""
              + value
              + "\": expected a time of day as HH:MM, such as 07:00");
    }
  }
}
