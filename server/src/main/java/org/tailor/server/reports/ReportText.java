package org.tailor.server.reports;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;
import org.tailor.server.i18n.Message;
import org.tailor.server.i18n.Messages;
import org.tailor.server.statistics.Difference;

/** Words and numbers of the reports in one reader's language ({@code i18n/reports*.properties}). */
final class ReportText {

  private final Locale locale;
  private final NumberFormat whole;
  private final NumberFormat decimal;

  ReportText(Locale locale) {
    this.locale = locale;
    this.whole = NumberFormat.getIntegerInstance(locale);
    this.decimal = NumberFormat.getNumberInstance(locale);
    decimal.setMinimumFractionDigits(2);
    decimal.setMaximumFractionDigits(2);
  }

  Locale locale() {
    return locale;
  }

  String get(String key, Object... args) {
    return Messages.format(Message.of("reports", key, args), locale);
  }

  String count(long value) {
    return whole.format(value);
  }

  String money(double value) {
    return decimal.format(value);
  }

  String signedMoney(double value) {
    return (value > 0 ? "+" : "") + decimal.format(value);
  }

  /** A rate as a percentage with two decimals, such as "15.14 %". */
  String percent(double rate) {
    return get("unit.percent", decimal.format(rate * 100));
  }

  /** A difference of rates in percentage points, such as "+4.52 pp". */
  String points(double difference) {
    return get("unit.points", (difference > 0 ? "+" : "") + decimal.format(difference * 100));
  }

  String date(LocalDate day) {
    return day.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
  }

  /** "95 % CI +3.89 to +5.16 pp" for a rate difference. */
  String pointsInterval(Optional<Difference> difference) {
    return difference
        .map(
            d ->
                get(
                    "interval",
                    Math.round(d.confidence() * 100),
                    points(d.lower()),
                    points(d.upper())))
        .orElse(get("interval.none"));
  }

  /** The same for an amount. */
  String moneyInterval(Optional<Difference> difference) {
    return difference
        .map(
            d ->
                get(
                    "interval",
                    Math.round(d.confidence() * 100),
                    signedMoney(d.lower()),
                    signedMoney(d.upper())))
        .orElse(get("interval.none"));
  }

  /** "n = 21,387 shown, 21,306 held out". */
  String sample(long treatment, long holdout) {
    return get("sample", count(treatment), count(holdout));
  }
}
