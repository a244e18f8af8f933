package org.tailor.server.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferText;

/** A valid 10 % coffee offer to start from, with one field changed at a time by the tests. */
final class OfferDraft {

  String code;
  String kind = "percent_off";
  Optional<BigDecimal> percent = Optional.of(new BigDecimal("10"));
  Optional<BigDecimal> amount = Optional.empty();
  Instant from;
  Instant until;
  Optional<String> campaign = Optional.empty();
  String status = "active";
  Map<String, OfferText> texts =
      Map.of(
          "en", new OfferText("10% off coffee", "This week only."),
          "fa", new OfferText("۱۰٪ تخفیف قهوه", "فقط این هفته."),
          "zh-tw", new OfferText("咖啡九折", "僅限本週。"),
          "bg", new OfferText("10% отстъпка за кафе", "Само тази седмица."));
  List<String> stores = List.of();
  List<String> channels = List.of();

  OfferDraft(String code, Instant now) {
    this.code = code;
    this.from = now.minus(1, ChronoUnit.DAYS);
    this.until = now.plus(3650, ChronoUnit.DAYS);
  }

  OfferDraft percent(String value) {
    percent = Optional.of(new BigDecimal(value));
    return this;
  }

  OfferDraft amountOff(Optional<BigDecimal> value) {
    kind = "amount_off";
    percent = Optional.empty();
    amount = value;
    return this;
  }

  OfferDraft kind(String value) {
    kind = value;
    return this;
  }

  OfferDraft window(Instant validFrom, Instant validUntil) {
    from = validFrom;
    until = validUntil;
    return this;
  }

  OfferDraft campaign(String value) {
    campaign = Optional.of(value);
    return this;
  }

  OfferDraft status(String value) {
    status = value;
    return this;
  }

  OfferDraft texts(Map<String, OfferText> value) {
    texts = value;
    return this;
  }

  OfferDraft stores(String... codes) {
    stores = List.of(codes);
    return this;
  }

  OfferDraft channels(String... values) {
    channels = List.of(values);
    return this;
  }

  OfferDetails build() {
    return new OfferDetails(
        code,
        "Spring coffee",
        kind,
        percent,
        amount,
        Optional.of("grocery/coffee"),
        Optional.empty(),
        from,
        until,
        Optional.of(new BigDecimal("5000.00")),
        Optional.of(2),
        Optional.of(new BigDecimal("3.00")),
        Optional.of(new BigDecimal("0.80")),
        campaign,
        status,
        texts,
        stores,
        channels);
  }
}
