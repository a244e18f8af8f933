package org.tailor.server.reports;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;

/** Links between report pages that keep the reader's period and store. */
final class ReportLinks {

  private final String base;
  private final LocalDate from;
  private final LocalDate to;
  private final Optional<Long> storeId;

  ReportLinks(String base, LocalDate from, LocalDate to, Optional<Long> storeId) {
    this.base = base;
    this.from = from;
    this.to = to;
    this.storeId = storeId;
  }

  String filter() {
    return "from=" + from + "&to=" + to + storeId.map(id -> "&store=" + id).orElse("");
  }

  String overview() {
    return base + "/overview?" + filter();
  }

  String offers(OfferOrder order, int page) {
    return base + "/offers?" + filter() + "&sort=" + order.id() + "&page=" + page;
  }

  String offer(long id) {
    return base + "/offers/" + id + "?" + filter();
  }

  String stores(int page, int terminalPage) {
    return base + "/stores?" + filter() + "&page=" + page + "&tpage=" + terminalPage;
  }

  String store(long id) {
    return base + "/overview?from=" + from + "&to=" + to + "&store=" + id;
  }

  String tiers() {
    return base + "/tiers?" + filter();
  }

  String campaigns(int page) {
    return base + "/campaigns?" + filter() + "&page=" + page;
  }

  /** The same page as {@code path?query} exported in another format. */
  static String export(String pathAndQuery, String format) {
    return pathAndQuery
        + (pathAndQuery.contains("?") ? "&" : "?")
        + "format="
        + URLEncoder.encode(format, StandardCharsets.UTF_8);
  }
}
