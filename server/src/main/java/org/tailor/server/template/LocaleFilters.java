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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

  /**
   * Locales, zones, date formats and parsed moments by their text, kept once made: parsing them
   * again for every message was most of the time of rendering one. Keys come from the templates'
   * languages, the chain's settings and the offers' expiry moments, so there are few; a cache that
   * outgrows {@link #CACHED} is emptied and filled again.
   */
  private static final int CACHED = 4096;

  private static final Map<String, Locale> LOCALES = new ConcurrentHashMap<>();
  private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();
  private static final Map<Locale, DateTimeFormatter> LONG_DATES = new ConcurrentHashMap<>();
  private static final Map<String, Instant> MOMENTS = new ConcurrentHashMap<>();

  /**
   * Currency formats by locale and currency, one set per thread: a {@link NumberFormat} is not safe
   * to share, and making one (locale data, currency symbols) cost more than the formatting.
   */
  private static final ThreadLocal<Map<String, NumberFormat>> MONEY =
      ThreadLocal.withInitial(HashMap::new);

  private LocaleFilters() {}

  static List<Filter> all() {
    return List.of(new Money(), new LocalDateFilter(), new Percent());
  }

  private static <K, V> V cached(Map<K, V> cache, K key, Function<K, V> make) {
    V value = cache.get(key);
    if (value == null) {
      value = make.apply(key);
      if (cache.size() >= CACHED) {
        cache.clear();
      }
      cache.put(key, value);
    }
    return value;
  }

  static Locale localeOf(TemplateContext context) {
    Object tag = context.get(LOCALE);
    return tag == null ? Locale.ENGLISH : cached(LOCALES, tag.toString(), Locale::forLanguageTag);
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
      Locale locale = localeOf(context);
      Object currency = context.get(CURRENCY);
      NumberFormat format =
          cached(
              MONEY.get(),
              locale.toLanguageTag() + " " + currency,
              key -> {
                NumberFormat made = NumberFormat.getCurrencyInstance(locale);
                if (currency != null) {
                  made.setCurrency(Currency.getInstance(currency.toString()));
                }
                return made;
              });
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
      ZoneId zoneId = cached(ZONES, zone == null ? "UTC" : zone.toString(), ZoneId::of);
      LocalDate date;
      String text = value.toString().strip();
      try {
        date =
            text.length() == 10
                ? LocalDate.parse(text)
                : cached(MOMENTS, text, Instant::parse).atZone(zoneId).toLocalDate();
      } catch (DateTimeParseException e) {
        return text;
      }
      return cached(
              LONG_DATES,
              localeOf(context),
              locale -> DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale))
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
