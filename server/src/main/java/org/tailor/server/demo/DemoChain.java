package org.tailor.server.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tailor.server.TailorServer;
import org.tailor.server.access.IssuedApiKey;
import org.tailor.server.access.Role;
import org.tailor.server.importer.ColumnMapping;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.importer.ImportReport;
import org.tailor.server.importer.ImportRequest;
import org.tailor.server.importer.Importer;
import org.tailor.server.importer.OnlineRetailSample;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferText;
import org.tailor.server.store.TerminalDetails;
import org.tailor.server.validation.NotFoundException;

/**
 * Prepares the demo chain on a running server: imports the bundled UCI Online Retail sample, gives
 * its five most frequent shoppers a first name, language and loyalty card (the data set has none),
 * adds a kiosk and a till, publishes three offers in five languages and issues demo API keys. Safe
 * to run again: imports are idempotent and everything else is created only when missing.
 */
public final class DemoChain {

  /** The store the Online Retail sample's receipts belong to (its mapping's default store). */
  public static final String STORE = "online-retail-uk";

  /** The demo store's kiosk, where the demo's kiosk agent logs in. */
  public static final String KIOSK = "uk-kiosk-1";

  /** The demo store's manager, who signs in to the reports. */
  public static final String MANAGER_USERNAME = "demo-manager";

  /** A new random password for the demo manager: 16 letters and digits. */
  public static String newPassword() {
    String alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    java.security.SecureRandom random = new java.security.SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      password.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return password.toString();
  }

  private static final String[][] DEMO_PEOPLE = {
    {"Emma", "Wilson", "en", "Europe/London"},
    {"Lucía", "García", "es", "Europe/Madrid"},
    {"Мария", "Иванова", "bg", "Europe/Sofia"},
    {"سارا", "احمدی", "fa", "Asia/Tehran"},
    {"怡君", "陳", "zh-TW", "Asia/Taipei"},
  };

  private DemoChain() {}

  /**
   * What the demo prepared.
   *
   * @param sample the report of the sample's import (nothing new on a second run)
   * @param shoppers the demo shoppers, most purchases first
   * @param admin a fresh admin API key
   * @param storeManager a fresh store-manager API key for {@link #STORE}
   */
  public record DemoFacts(
      ImportReport sample,
      List<DemoShopper> shoppers,
      IssuedApiKey admin,
      IssuedApiKey storeManager) {

    public DemoFacts {
      shoppers = List.copyOf(shoppers);
    }
  }

  /**
   * A real shopper of the sample, with the name and card the demo gave them.
   *
   * @param loyaltyId the Online Retail CustomerID
   * @param purchases their receipts in the sample (returns excluded)
   * @param firstName the demo's first name for them
   * @param language their language tag
   * @param card the demo's loyalty card number for them
   */
  public record DemoShopper(
      String loyaltyId, long purchases, String firstName, String language, String card) {}

  public static DemoFacts prepare(TailorServer server) {
    ImportReport sample = importSample(server);
    List<DemoShopper> shoppers = nameTopShoppers(server);
    addTerminals(server);
    publishOffers(server);
    server.importCommitted(); // imported beside the API: the decisions must see it at once
    IssuedApiKey admin = freshKey(server, "demo-admin", Role.ADMIN, Optional.empty());
    IssuedApiKey manager =
        freshKey(server, "demo-store-manager", Role.STORE_MANAGER, Optional.of(STORE));
    server.refreshRfm();
    return new DemoFacts(sample, shoppers, admin, manager);
  }

  private static ImportReport importSample(TailorServer server) {
    ImportReport report =
        OnlineRetailSample.importWith(
            new Importer(server.database(), server.settings()), progress -> {});
    if (report.rejected()) {
      throw new IllegalStateException("the bundled sample was rejected: " + report.errors());
    }
    return report;
  }

  private static List<DemoShopper> nameTopShoppers(TailorServer server) {
    Map<String, Long> top = topShoppers(server, DEMO_PEOPLE.length);
    StringBuilder csv =
        new StringBuilder(
            "loyalty_id,first_name,last_name,language,birthday,time_zone,household_code,"
                + "home_store,card_number,phone,email,preferred_categories\n");
    List<DemoShopper> shoppers = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Long> shopper : top.entrySet()) {
      String[] person = DEMO_PEOPLE[i++];
      String card = "6000" + String.format("%08d", Long.parseLong(shopper.getKey()));
      csv.append(
          String.join(
              ",",
              shopper.getKey(),
              person[0],
              person[1],
              person[2],
              "1985-0" + i + "-1" + i,
              person[3],
              "",
              STORE,
              card,
              "+4420790" + String.format("%05d", Long.parseLong(shopper.getKey()) % 100_000),
              "shopper" + shopper.getKey() + "@example.com",
              ""));
      csv.append('\n');
      shoppers.add(
          new DemoShopper(shopper.getKey(), shopper.getValue(), person[0], person[2], card));
    }
    Path file;
    try {
      file = Files.createTempFile("demo-shoppers", ".csv");
      Files.writeString(file, csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ImportReport report =
          new Importer(server.database(), server.settings())
              .importFile(
                  file,
                  ImportRequest.strict(
                      ImportKind.SHOPPERS,
                      ColumnMapping.tailor(ImportKind.SHOPPERS),
                      "demo-shoppers.csv"));
      if (report.rejected()) {
        throw new IllegalStateException("demo shoppers were rejected: " + report.errors());
      }
    } finally {
      deleteQuietly(file);
    }
    return shoppers;
  }

  private static Map<String, Long> topShoppers(TailorServer server, int count) {
    String sql =
        "SELECT s.loyalty_id, COUNT(*) AS receipts FROM purchase p"
            + " JOIN shopper s ON s.id = p.shopper_id WHERE p.is_return = FALSE"
            + " GROUP BY s.loyalty_id ORDER BY receipts DESC, s.loyalty_id LIMIT ?";
    Map<String, Long> top = new LinkedHashMap<>();
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, count);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          top.put(rs.getString(1), rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot find the sample's top shoppers", e);
    }
    return top;
  }

  private static void addTerminals(TailorServer server) {
    for (TerminalDetails terminal :
        List.of(
            new TerminalDetails(KIOSK, "kiosk", "Entrance kiosk"),
            new TerminalDetails("uk-till-1", "till", "Till 1"))) {
      try {
        server.stores().terminal(terminal.code());
      } catch (NotFoundException missing) {
        server.stores().createTerminal(STORE, terminal);
      }
    }
  }

  private static void publishOffers(TailorServer server) {
    Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    Instant until = from.plus(Duration.ofDays(366));
    List<OfferDetails> offers =
        List.of(
            offer(
                "welcome-10",
                "Welcome: 10% off the basket",
                "percent_off",
                new BigDecimal("10"),
                Optional.empty(),
                from,
                until,
                Map.of(
                    "en", new OfferText("10% off today", "10% off your whole basket today."),
                    "es",
                        new OfferText(
                            "10 % de descuento hoy", "10 % de descuento en toda tu compra de hoy."),
                    "bg",
                        new OfferText(
                            "10% отстъпка днес", "10% отстъпка за цялата ви покупка днес."),
                    "fa", new OfferText("۱۰٪ تخفیف امروز", "۱۰٪ تخفیف روی کل خرید امروز شما."),
                    "zh-TW", new OfferText("今日九折", "今日全部商品享九折優惠。"))),
            offer(
                "lighting-20",
                "20% off candles and lights",
                "percent_off",
                new BigDecimal("20"),
                Optional.of("home/lighting"),
                from,
                until,
                Map.of(
                    "en",
                        new OfferText(
                            "20% off candles and lights",
                            "Light up your evenings: 20% off candles, lanterns and lights."),
                    "es",
                        new OfferText(
                            "20 % en velas y luces",
                            "Ilumina tus noches: 20 % de descuento en velas, faroles y luces."),
                    "bg",
                        new OfferText(
                            "20% отстъпка за свещи и лампи",
                            "Осветете вечерите си: 20% отстъпка за свещи, фенери и лампи."),
                    "fa",
                        new OfferText(
                            "۲۰٪ تخفیف شمع و چراغ",
                            "شب‌هایتان را روشن کنید: ۲۰٪ تخفیف روی شمع، فانوس و چراغ."),
                    "zh-TW", new OfferText("蠟燭燈飾八折", "點亮夜晚：蠟燭、燈籠與燈飾享八折優惠。"))),
            offer(
                "bags-3",
                "3 off any bag",
                "amount_off",
                new BigDecimal("3"),
                Optional.of("bags"),
                from,
                until,
                Map.of(
                    "en", new OfferText("3 off any bag", "Take 3 off any bag, tote or backpack."),
                    "es",
                        new OfferText(
                            "3 de descuento en bolsos",
                            "3 de descuento en cualquier bolso, bolsa o mochila."),
                    "bg",
                        new OfferText(
                            "3 отстъпка за чанти", "3 отстъпка за всяка чанта, торба или раница."),
                    "fa",
                        new OfferText(
                            "۳ تخفیف برای هر کیف", "۳ تخفیف برای هر کیف، ساک یا کوله‌پشتی."),
                    "zh-TW", new OfferText("包款折抵 3 元", "任何包款、托特包或背包折抵 3 元。"))));
    for (OfferDetails offer : offers) {
      try {
        server.offers().offer(offer.code());
      } catch (NotFoundException missing) {
        server.offers().createOffer(offer);
      }
    }
  }

  private static OfferDetails offer(
      String code,
      String name,
      String kind,
      BigDecimal amount,
      Optional<String> category,
      Instant from,
      Instant until,
      Map<String, OfferText> texts) {
    boolean percent = kind.equals("percent_off");
    return new OfferDetails(
        code,
        name,
        kind,
        percent ? Optional.of(amount) : Optional.empty(),
        percent ? Optional.empty() : Optional.of(amount),
        category,
        Optional.empty(),
        from,
        until,
        Optional.empty(),
        Optional.of(3),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "active",
        texts,
        List.of(),
        List.of());
  }

  private static IssuedApiKey freshKey(
      TailorServer server, String name, Role role, Optional<String> store) {
    boolean exists = server.apiKeys().list().stream().anyMatch(key -> key.name().equals(name));
    return exists ? server.apiKeys().rotate(name) : server.apiKeys().create(name, role, store);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }
}
