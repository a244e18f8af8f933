package org.tailor.server.template;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * Liquid filters that write money, dates and percentages as the shopper's locale does: {@code {{
 * offer.discount_amount | money }}} gives "5,00 €" in Spanish and "€5.00" in English; {@code {{
 * offer.valid_until | local_date }}} gives "31 de marzo de 2026"; {@code {{ offer.discount_percent
 * | percent }}} gives "15 %" or "15%". The locale, currency and time zone of a rendering travel in
 * the variables {@value #LOCALE}, {@value #CURRENCY} and {@value #ZONE}.
 */
final class LocaleFilters {

  static final String LOCALE = "tailor_locale";
  static final String CURRENCY = "tailor_currency";
  static final String ZONE = "tailor_zone";

  private LocaleFilters() {}

  static List<Filter> all() {
    return List.of(new Money(), new LocalDateFilter(), new Percent());
  }

  static Locale localeOf(TemplateContext context) {
    Object tag = context.get(LOCALE);
    return tag == null ? Locale.ENGLISH : Locale.forLanguageTag(tag.toString());
  }

  private static BigDecimal number(Object value) {
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(value.toString().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code money}: an amount in the chain's currency. */
  static final class Money extends Filter {
    Money() {
      super("money");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      BigDecimal amount = number(value);
      if (amount == null) {
        return "";
      }
      NumberFormat format = NumberFormat.getCurrencyInstance(localeOf(context));
      Object currency = context.get(CURRENCY);
      if (currency != null) {
        format.setCurrency(Currency.getInstance(currency.toString()));
      }
      return format.format(amount);
    }
  }

  /** {@code local_date}: a moment or a date, as a long date of the shopper's locale and zone. */
  static final class LocalDateFilter extends Filter {
    LocalDateFilter() {
      super("local_date");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      if (value == null || value.toString().isBlank()) {
        return "";
      }
      Object zone = context.get(ZONE);
      ZoneId zoneId = zone == null ? ZoneId.of("UTC") : ZoneId.of(zone.toString());
      LocalDate date;
      String text = value.toString().strip();
      try {
        date =
            text.length() == 10
                ? LocalDate.parse(text)
                : Instant.parse(text).atZone(zoneId).toLocalDate();
      } catch (DateTimeParseException e) {
        return text;
      }
      return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
          .withLocale(localeOf(context))
          .format(date);
    }
  }

  /** {@code percent}: a number of percent, such as 15 for 15 %. */
  static final class Percent extends Filter {
    Percent() {
      super("percent");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      BigDecimal percent = number(value);
      if (percent == null) {
        return "";
      }
      NumberFormat format = NumberFormat.getPercentInstance(localeOf(context));
      format.setMaximumFractionDigits(2);
      return format.format(percent.movePointLeft(2));
    }
  }
}
