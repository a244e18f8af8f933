package org.tailor.server.reports;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.tailor.server.statistics.Difference;
import org.tailor.server.validation.NotFoundException;

/**
 * Turns the report queries into {@link ReportView}s in the reader's language: one method per page.
 */
final class ReportPages {

  private static final String TREATMENT_COLOUR = "#1f6fb2";
  private static final String HOLDOUT_COLOUR = "#b25a1f";
  private static final String BAND_COLOUR = "rgba(31,111,178,0.18)";

  private final ReportQueries queries;
  private final ReportText text;
  private final ReportFilter filter;
  private final ReportLinks links;
  private final int pageSize;

  ReportPages(
      ReportQueries queries,
      ReportText text,
      ReportFilter filter,
      ReportLinks links,
      int pageSize) {
    this.queries = queries;
    this.text = text;
    this.filter = filter;
    this.links = links;
    this.pageSize = pageSize;
  }

  ReportView overview() {
    Uplift total = queries.total(filter);
    List<ComparedRow> days = queries.byDay(filter);
    List<ReportView.Chart> charts = new ArrayList<>();
    List<String> labels = days.stream().map(ComparedRow::key).toList();
    charts.add(
        chart(
            "chart-volume",
            text.get("chart.volume"),
            "bar",
            labels,
            List.of(
                series(
                    text.get("col.presentations"),
                    days.stream().map(d -> (double) presentations(d.uplift())).toList(),
                    TREATMENT_COLOUR),
                series(
                    text.get("col.redemptions"),
                    days.stream().map(d -> (double) d.uplift().treatment().redemptions()).toList(),
                    HOLDOUT_COLOUR))));
    charts.add(
        chart(
            "chart-rate",
            text.get("chart.rate"),
            "line",
            labels,
            List.of(
                series(
                    text.get("col.redemption.rate"),
                    days.stream().map(d -> 100 * d.uplift().treatment().redemptionRate()).toList(),
                    TREATMENT_COLOUR))));
    charts.add(
        chart(
            "chart-money",
            text.get("chart.money"),
            "bar",
            labels,
            List.of(
                series(
                    text.get("col.redeemed.revenue"),
                    days.stream().map(d -> d.uplift().treatment().redeemedBasketSum()).toList(),
                    TREATMENT_COLOUR),
                series(
                    text.get("col.discount"),
                    days.stream().map(d -> d.uplift().treatment().discountSum()).toList(),
                    HOLDOUT_COLOUR))));
    List<Uplift> running = running(days);
    charts.add(
        band(
            "chart-incremental-revenue",
            text.get("chart.incremental.revenue"),
            labels,
            running.stream().map(Uplift::incrementalRevenue).toList(),
            1));
    charts.add(
        band(
            "chart-incremental-profit",
            text.get("chart.incremental.profit"),
            labels,
            running.stream().map(Uplift::incrementalProfit).toList(),
            1));
    return new ReportView(
        "overview",
        text.get("page.overview"),
        period(),
        figures(total),
        charts,
        List.of(
            comparedTable(
                "days",
                text.get("table.days"),
                text.get("col.day"),
                days,
                row -> "",
                ReportView.Pager.single(days.size()))));
  }

  ReportView offers(OfferOrder order, int page) {
    Page<ComparedRow> offers = queries.offers(filter, order, page, pageSize);
    String caption =
        switch (order) {
          case SHOWN -> text.get("table.offers");
          case TOP -> text.get("table.offers.top");
          case WORST -> text.get("table.offers.worst");
        };
    return new ReportView(
        "offers-" + order.id(),
        text.get("page.offers"),
        period(),
        List.of(),
        List.of(),
        List.of(
            comparedTable(
                "offers",
                caption,
                text.get("col.offer"),
                offers.rows(),
                row -> links.offer(Long.parseLong(row.key())),
                pager(offers, p -> links.offers(order, p)))));
  }

  ReportView offer(long offerId) {
    String[] identity =
        queries
            .offerIdentity(offerId)
            .orElseThrow(() -> new NotFoundException("kind.offer", String.valueOf(offerId)));
    Optional<ComparedRow> row = queries.offer(filter, offerId);
    List<ComparedRow> days = queries.offerByDay(filter, offerId);
    List<String> labels = days.stream().map(ComparedRow::key).toList();
    List<Uplift> running = running(days);
    List<ReportView.Chart> charts = new ArrayList<>();
    charts.add(
        band(
            "chart-uplift",
            text.get("chart.uplift"),
            labels,
            running.stream().map(Uplift::responseRate).toList(),
            100));
    charts.add(
        chart(
            "chart-offer-volume",
            text.get("chart.offer.volume"),
            "bar",
            labels,
            List.of(
                series(
                    text.get("col.shown"),
                    days.stream()
                        .map(d -> (double) d.uplift().treatment().presentations())
                        .toList(),
                    TREATMENT_COLOUR),
                series(
                    text.get("col.redemptions"),
                    days.stream().map(d -> (double) d.uplift().treatment().redemptions()).toList(),
                    HOLDOUT_COLOUR))));
    String title =
        text.get(
            "page.offer",
            identity[1],
            identity[0],
            identity[2] == null ? text.get("campaign.none") : identity[2]);
    List<ReportView.Figure> figures =
        row.map(r -> figures(r.uplift()))
            .orElse(
                List.of(
                    new ReportView.Figure(
                        text.get("offer.not.shown"), "", "", List.of(), List.of())));
    return new ReportView(
        "offer-" + identity[0],
        title,
        period(),
        figures,
        charts,
        List.of(
            comparedTable(
                "offer-days",
                text.get("table.days"),
                text.get("col.day"),
                days,
                r -> "",
                ReportView.Pager.single(days.size()))));
  }

  ReportView stores(int page, int terminalPage, Instant staleBefore) {
    Page<ComparedRow> stores = queries.stores(filter, page, pageSize);
    Page<TerminalHealth> terminals = queries.terminals(filter, staleBefore, terminalPage, pageSize);
    List<List<ReportView.Cell>> terminalRows = new ArrayList<>();
    DateTimeFormatter seen =
        DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
            .withLocale(text.locale())
            .withZone(ZoneOffset.UTC);
    for (TerminalHealth t : terminals.rows()) {
      terminalRows.add(
          List.of(
              ReportView.Cell.of(t.name() + " (" + t.code() + ")", t.code()),
              t.lastSeenAt()
                  .map(at -> ReportView.Cell.of(seen.format(at), at.toString()))
                  .orElse(ReportView.Cell.of(text.get("terminal.never"), "")),
              ReportView.Cell.of(t.lastStatus().orElse(""), t.lastStatus().orElse("")),
              new ReportView.Cell(
                  t.stale() ? text.get("terminal.stale") : text.get("terminal.reporting"),
                  "",
                  t.stale() ? "stale" : "reporting",
                  t.stale()),
              ReportView.Cell.of(text.count(t.presentations()), String.valueOf(t.presentations())),
              ReportView.Cell.of(text.count(t.redemptions()), String.valueOf(t.redemptions()))));
    }
    ReportView.Table terminalTable =
        new ReportView.Table(
            "terminals",
            text.get("table.terminals"),
            List.of(
                text.get("col.terminal"),
                text.get("col.last.seen"),
                text.get("col.last.status"),
                text.get("col.reporting"),
                text.get("col.presentations"),
                text.get("col.redemptions")),
            List.of(
                "terminal",
                "last_seen_at",
                "last_status",
                "reporting",
                "presentations",
                "redemptions"),
            terminalRows,
            pager(terminals, p -> links.stores(page, p)));
    return new ReportView(
        "stores",
        text.get("page.stores"),
        period(),
        List.of(),
        List.of(),
        List.of(
            comparedTable(
                "stores",
                text.get("table.stores"),
                text.get("col.store"),
                stores.rows(),
                row -> links.store(Long.parseLong(row.key())),
                pager(stores, p -> links.stores(p, terminalPage))),
            terminalTable));
  }

  ReportView tiers() {
    List<ComparedRow> tiers =
        queries.tiers(filter).stream()
            .map(
                row ->
                    new ComparedRow(
                        row.key(), row.code(), text.get("tier." + row.key()), row.uplift()))
            .toList();
    List<String> labels = tiers.stream().map(ComparedRow::name).toList();
    List<ReportView.Chart> charts =
        List.of(
            chart(
                "chart-tiers",
                text.get("chart.tiers"),
                "bar",
                labels,
                List.of(
                    series(
                        text.get("col.response.treatment"),
                        tiers.stream().map(t -> 100 * rate(t.uplift().treatment())).toList(),
                        TREATMENT_COLOUR),
                    series(
                        text.get("col.response.holdout"),
                        tiers.stream().map(t -> 100 * rate(t.uplift().holdout())).toList(),
                        HOLDOUT_COLOUR))));
    return new ReportView(
        "tiers",
        text.get("page.tiers"),
        period(),
        List.of(),
        charts,
        List.of(
            comparedTable(
                "tiers",
                text.get("table.tiers"),
                text.get("col.tier"),
                tiers,
                row -> "",
                ReportView.Pager.single(tiers.size()))));
  }

  ReportView campaigns(int page) {
    Page<ComparedRow> campaigns = queries.campaigns(filter, page, pageSize);
    List<String> labels = campaigns.rows().stream().map(ComparedRow::code).toList();
    List<ReportView.Chart> charts =
        List.of(
            chart(
                "chart-campaigns",
                text.get("chart.campaigns"),
                "bar",
                labels,
                List.of(
                    series(
                        text.get("col.uplift"),
                        campaigns.rows().stream()
                            .map(
                                c ->
                                    c.uplift()
                                        .responseRate()
                                        .map(d -> 100 * d.estimate())
                                        .orElse(0.0))
                            .toList(),
                        TREATMENT_COLOUR))));
    return new ReportView(
        "campaigns",
        text.get("page.campaigns"),
        period(),
        List.of(),
        charts,
        List.of(
            comparedTable(
                "campaigns",
                text.get("table.campaigns"),
                text.get("col.campaign"),
                campaigns.rows(),
                row -> "",
                pager(campaigns, links::campaigns))));
  }

  private String period() {
    return text.get("period", text.date(filter.from()), text.date(filter.to()));
  }

  private List<ReportView.Figure> figures(Uplift uplift) {
    ArmTotals t = uplift.treatment();
    ArmTotals h = uplift.holdout();
    List<String> warnings = uplift.warnings().stream().map(w -> text.get(w.messageKey())).toList();
    List<ReportView.Figure> figures = new ArrayList<>();
    figures.add(
        plain(
            text.get("col.presentations"),
            text.count(t.presentations() + h.presentations()),
            text.get("figure.split", text.count(t.presentations()), text.count(h.presentations())),
            t.presentations() + h.presentations()));
    figures.add(
        plain(text.get("col.redemptions"), text.count(t.redemptions()), "", t.redemptions()));
    figures.add(
        plainDouble(
            text.get("col.redemption.rate"), text.percent(t.redemptionRate()), t.redemptionRate()));
    figures.add(
        plainDouble(
            text.get("col.redeemed.revenue"),
            text.money(t.redeemedBasketSum()),
            t.redeemedBasketSum()));
    figures.add(
        plainDouble(text.get("col.discount"), text.money(t.discountSum()), t.discountSum()));
    figures.add(
        difference(
            text.get("col.uplift"),
            uplift.responseRate(),
            d -> text.points(d.estimate()),
            text.pointsInterval(uplift.responseRate()),
            t,
            h,
            warnings));
    figures.add(
        difference(
            text.get("col.incremental.revenue"),
            uplift.incrementalRevenue(),
            d -> text.signedMoney(d.estimate()),
            text.moneyInterval(uplift.incrementalRevenue()),
            t,
            h,
            List.of()));
    figures.add(
        difference(
            text.get("col.incremental.profit"),
            uplift.incrementalProfit(),
            d -> text.signedMoney(d.estimate()),
            text.moneyInterval(uplift.incrementalProfit()),
            t,
            h,
            List.of()));
    return figures;
  }

  private ReportView.Figure plain(String label, String value, String detail, long raw) {
    return new ReportView.Figure(
        label, value, detail, List.of(), List.of(String.valueOf(raw), "", "", "", ""));
  }

  private ReportView.Figure plainDouble(String label, String value, double raw) {
    return new ReportView.Figure(
        label, value, "", List.of(), List.of(String.valueOf(raw), "", "", "", ""));
  }

  private ReportView.Figure difference(
      String label,
      Optional<Difference> difference,
      java.util.function.Function<Difference, String> value,
      String interval,
      ArmTotals t,
      ArmTotals h,
      List<String> warnings) {
    String detail = interval + "; " + text.sample(t.measured(), h.measured());
    List<String> raw =
        difference
            .map(
                d ->
                    List.of(
                        String.valueOf(d.estimate()),
                        String.valueOf(d.lower()),
                        String.valueOf(d.upper()),
                        String.valueOf(t.measured()),
                        String.valueOf(h.measured())))
            .orElse(
                List.of("", "", "", String.valueOf(t.measured()), String.valueOf(h.measured())));
    return new ReportView.Figure(
        label, difference.map(value).orElse(text.get("interval.none")), detail, warnings, raw);
  }

  private ReportView.Table comparedTable(
      String id,
      String caption,
      String firstHeader,
      List<ComparedRow> rows,
      java.util.function.Function<ComparedRow, String> link,
      ReportView.Pager pager) {
    List<List<ReportView.Cell>> cells = new ArrayList<>();
    for (ComparedRow row : rows) {
      Uplift u = row.uplift();
      ArmTotals t = u.treatment();
      ArmTotals h = u.holdout();
      String label =
          row.name().equals(row.code()) ? row.name() : row.name() + " (" + row.code() + ")";
      String href = link.apply(row);
      List<ReportView.Cell> line = new ArrayList<>();
      line.add(new ReportView.Cell(label, href, row.code(), false));
      line.add(
          ReportView.Cell.of(text.count(t.presentations()), String.valueOf(t.presentations())));
      line.add(ReportView.Cell.of(text.count(t.redemptions()), String.valueOf(t.redemptions())));
      line.add(
          ReportView.Cell.of(text.percent(t.redemptionRate()), String.valueOf(t.redemptionRate())));
      line.add(
          ReportView.Cell.of(
              text.money(t.redeemedBasketSum()), String.valueOf(t.redeemedBasketSum())));
      line.add(ReportView.Cell.of(text.money(t.discountSum()), String.valueOf(t.discountSum())));
      line.add(ReportView.Cell.of(text.percent(rate(t)), String.valueOf(rate(t))));
      line.add(ReportView.Cell.of(text.percent(rate(h)), String.valueOf(rate(h))));
      line.add(
          ReportView.Cell.of(
              u.responseRate().map(d -> text.points(d.estimate())).orElse("–"),
              u.responseRate().map(d -> String.valueOf(d.estimate())).orElse("")));
      line.add(
          ReportView.Cell.of(
              text.pointsInterval(u.responseRate()),
              u.responseRate().map(d -> d.lower() + ";" + d.upper()).orElse("")));
      line.add(
          ReportView.Cell.of(
              text.count(t.measured()) + " / " + text.count(h.measured()),
              t.measured() + ";" + h.measured()));
      line.add(
          ReportView.Cell.of(
              u.incrementalRevenue().map(d -> text.signedMoney(d.estimate())).orElse("–"),
              u.incrementalRevenue().map(d -> String.valueOf(d.estimate())).orElse("")));
      line.add(
          ReportView.Cell.of(
              u.incrementalProfit().map(d -> text.signedMoney(d.estimate())).orElse("–"),
              u.incrementalProfit().map(d -> String.valueOf(d.estimate())).orElse("")));
      List<String> warnings = u.warnings().stream().map(w -> text.get(w.messageKey())).toList();
      line.add(
          new ReportView.Cell(
              String.join(" ", warnings),
              "",
              String.join(";", u.warnings().stream().map(Enum::name).toList()),
              !warnings.isEmpty()));
      cells.add(line);
    }
    return new ReportView.Table(
        id,
        caption,
        List.of(
            firstHeader,
            text.get("col.presentations"),
            text.get("col.redemptions"),
            text.get("col.redemption.rate"),
            text.get("col.redeemed.revenue"),
            text.get("col.discount"),
            text.get("col.response.treatment"),
            text.get("col.response.holdout"),
            text.get("col.uplift"),
            text.get("col.interval"),
            text.get("col.sample"),
            text.get("col.incremental.revenue"),
            text.get("col.incremental.profit"),
            text.get("col.warnings")),
        List.of(
            "name",
            "presentations",
            "redemptions",
            "redemption_rate",
            "redeemed_basket_revenue",
            "discount_cost",
            "response_rate_treatment",
            "response_rate_holdout",
            "response_uplift",
            "uplift_ci95_lower;upper",
            "measured_treatment;holdout",
            "incremental_revenue",
            "incremental_profit",
            "warnings"),
        cells,
        pager);
  }

  private static <T> ReportView.Pager pager(Page<T> page, IntFunction<String> link) {
    return new ReportView.Pager(
        page.number(),
        page.pages(),
        page.total(),
        page.hasPrevious() ? link.apply(page.number() - 1) : "",
        page.hasNext() ? link.apply(page.number() + 1) : "");
  }

  private static long presentations(Uplift uplift) {
    return uplift.treatment().presentations() + uplift.holdout().presentations();
  }

  private static double rate(ArmTotals arm) {
    return arm.measured() == 0 ? 0 : (double) arm.responders() / arm.measured();
  }

  /**
   * The comparison of all days up to each day: how the estimate and its interval settle. One pass:
   * each day's sums are added to the running sums once, then compared (O(days)).
   */
  static List<Uplift> running(List<ComparedRow> days) {
    List<Uplift> running = new ArrayList<>();
    ArmTotals t = ArmTotals.EMPTY;
    ArmTotals h = ArmTotals.EMPTY;
    for (ComparedRow day : days) {
      t = t.plus(day.uplift().treatment());
      h = h.plus(day.uplift().holdout());
      running.add(Uplift.compare(t, h, 0.95, 0));
    }
    return running;
  }

  private JsonObject series(String label, List<Double> values, String colour) {
    JsonArrayBuilder data = Json.createArrayBuilder();
    values.forEach(data::add);
    return Json.createObjectBuilder()
        .add("label", label)
        .add("data", data)
        .add("backgroundColor", colour)
        .add("borderColor", colour)
        .build();
  }

  private ReportView.Chart chart(
      String id, String title, String type, List<String> labels, List<JsonObject> datasets) {
    JsonArrayBuilder labelArray = Json.createArrayBuilder();
    labels.forEach(labelArray::add);
    JsonArrayBuilder sets = Json.createArrayBuilder();
    datasets.forEach(sets::add);
    JsonObjectBuilder configuration =
        Json.createObjectBuilder()
            .add("type", type)
            .add(
                "data", Json.createObjectBuilder().add("labels", labelArray).add("datasets", sets));
    return new ReportView.Chart(id, title, safe(configuration.build().toString()));
  }

  /** Estimate with its interval as a shaded band, e.g. the running uplift. */
  private ReportView.Chart band(
      String id,
      String title,
      List<String> labels,
      List<Optional<Difference>> values,
      double factor) {
    JsonArrayBuilder estimate = Json.createArrayBuilder();
    JsonArrayBuilder lower = Json.createArrayBuilder();
    JsonArrayBuilder upper = Json.createArrayBuilder();
    for (Optional<Difference> value : values) {
      if (value.isPresent()) {
        estimate.add(value.get().estimate() * factor);
        lower.add(value.get().lower() * factor);
        upper.add(value.get().upper() * factor);
      } else {
        estimate.addNull();
        lower.addNull();
        upper.addNull();
      }
    }
    JsonArrayBuilder labelArray = Json.createArrayBuilder();
    labels.forEach(labelArray::add);
    JsonArrayBuilder sets =
        Json.createArrayBuilder()
            .add(
                Json.createObjectBuilder()
                    .add("label", text.get("chart.lower"))
                    .add("data", lower)
                    .add("borderColor", BAND_COLOUR)
                    .add("backgroundColor", BAND_COLOUR)
                    .add("pointRadius", 0)
                    .add("fill", false))
            .add(
                Json.createObjectBuilder()
                    .add("label", text.get("chart.upper"))
                    .add("data", upper)
                    .add("borderColor", BAND_COLOUR)
                    .add("backgroundColor", BAND_COLOUR)
                    .add("pointRadius", 0)
                    .add("fill", "-1"))
            .add(
                Json.createObjectBuilder()
                    .add("label", text.get("chart.estimate"))
                    .add("data", estimate)
                    .add("borderColor", TREATMENT_COLOUR)
                    .add("backgroundColor", TREATMENT_COLOUR)
                    .add("fill", false));
    JsonObject configuration =
        Json.createObjectBuilder()
            .add("type", "line")
            .add("data", Json.createObjectBuilder().add("labels", labelArray).add("datasets", sets))
            .build();
    return new ReportView.Chart(id, title, safe(configuration.toString()));
  }

  /** JSON that cannot close the script element it sits in. */
  private static String safe(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }
}
