package org.tailor.agent.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.agent.CuttableProxy;
import org.tailor.agent.Mosquitto;
import org.tailor.agent.ServerPeer;
import org.tailor.agent.TestSettings;
import org.tailor.agent.settings.AgentSettings;
import org.tailor.agent.terminal.Terminal;

/** The kiosk page over HTTP, as the kiosk's browser gets it. */
class KioskPageTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  private CuttableProxy unreachableBroker;
  private ServerPeer server;
  private Terminal terminal;
  private KioskPage page;

  @AfterEach
  void stop() throws Exception {
    if (page != null) {
      page.close();
    }
    if (terminal != null) {
      terminal.close();
    }
    if (server != null) {
      server.clearRetained("K01");
      server.close();
    }
    if (unreachableBroker != null) {
      unreachableBroker.close();
    }
  }

  @Test
  void theStartPageInPersianIsRightToLeftAndKeepsTheScanInputFocused() throws Exception {
    startOffline("fa");

    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    Document html = Jsoup.parse(response.body());
    assertThat(html.selectFirst("html").attr("dir")).isEqualTo("rtl");
    assertThat(html.selectFirst("html").attr("lang")).isEqualTo("fa");
    assertThat(html.selectFirst("h1").text()).isEqualTo("خوش آمدید!");
    Element input = html.selectFirst("input#scan");
    assertThat(input.hasAttr("autofocus")).isTrue();
    assertThat(input.attr("name")).isEqualTo("input");
    assertThat(html.selectFirst("form").attr("action")).isEqualTo("/identify");
  }

  @Test
  void theStartPageInEnglishIsLeftToRightAndAnotherLanguageCanBePreviewed() throws Exception {
    startOffline("en");
    Document english = Jsoup.parse(get("/").body());
    assertThat(english.selectFirst("html").attr("dir")).isEqualTo("ltr");
    assertThat(english.selectFirst(".subtitle").text()).contains("Scan your loyalty card");

    Document chinese = Jsoup.parse(get("/?lang=zh-TW").body());
    assertThat(chinese.selectFirst("html").attr("lang")).isEqualTo("zh-TW");
    assertThat(chinese.selectFirst(".subtitle").text()).isEqualTo("請掃描您的會員卡，或輸入您的電話號碼。");
  }

  @Test
  void everyAssetComesFromTheAgentNothingFromTheInternet() throws Exception {
    startOffline("en");
    Document html = Jsoup.parse(get("/").body());

    for (Element linked : html.select("[src], link[href]")) {
      String address = linked.hasAttr("src") ? linked.attr("src") : linked.attr("href");
      assertThat(address).startsWith("/assets/");
      HttpResponse<String> asset = get(address);
      assertThat(asset.statusCode()).as(address).isEqualTo(200);
      assertThat(asset.body()).as(address).doesNotContain("http://").doesNotContain("https://");
    }
    assertThat(html.select("[src], link[href]")).hasSize(2);
    assertThat(get("/assets/kiosk.js").headers().firstValue("Content-Type"))
        .contains("text/javascript; charset=utf-8");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void aBadEntryIsExplainedInTheTerminalsLanguage() throws Exception {
    startOffline("es");

    Document html = Jsoup.parse(post("hola", "es").body());

    assertThat(html.selectFirst("#message").text()).contains("\"hola\" no es un número de tarjeta");
    assertThat(html.selectFirst("input#scan")).isNotNull();
  }

  @Test
  void anOfflineTerminalAsksTheShopperToTryAgain() throws Exception {
    startOffline("en");

    Document html = Jsoup.parse(post("600000017850", "en").body());

    assertThat(html.selectFirst("#message").text())
        .isEqualTo("This terminal is offline just now. Please try again in a moment.");
  }

  @Test
  void showsTheShoppersOffersInTheirLanguageRightToLeftForPersian() throws Exception {
    Mosquitto.assumeRunning();
    String store = TestSettings.uniqueStore();
    server = new ServerPeer(store, request -> ServerPeer.reply(request, "سارا", "fa"));
    start(TestSettings.properties(Mosquitto.URL, store, dataDir), "en");
    await().atMost(Duration.ofSeconds(20)).until(terminal::connected);

    Document html = Jsoup.parse(post("600000017850", "en").body());

    assertThat(html.selectFirst("html").attr("dir")).isEqualTo("rtl");
    assertThat(html.selectFirst("html").attr("lang")).isEqualTo("fa");
    assertThat(html.selectFirst("h1").text()).isEqualTo("سلام سارا!");
    assertThat(html.select("article.offer").eachAttr("data-offer-code"))
        .containsExactly("SPRING-10", "TEA-2");
    assertThat(html.selectFirst("article.offer h2").text()).isEqualTo("Spring bouquet");
    assertThat(html.selectFirst("article.offer .discount").text())
        .isEqualTo("۱۰٪ تخفیف"); // Persian digits
    assertThat(html.selectFirst("body").attr("data-idle-seconds")).isEqualTo("30");
    await().atMost(Duration.ofSeconds(20)).until(() -> server.shown.size() == 1);
  }

  private void startOffline(String language) throws IOException {
    unreachableBroker = new CuttableProxy(Mosquitto.HOST, Mosquitto.PORT);
    start(TestSettings.properties(unreachableBroker.url(), "S1", dataDir), language);
  }

  private void start(Properties properties, String language) throws IOException {
    properties.setProperty(AgentSettings.DEFAULT_LANGUAGE, language);
    terminal = new Terminal(AgentSettings.from(properties), "test");
    terminal.start();
    page = new KioskPage(terminal, 0);
    page.start();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(page.address().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String input, String lang)
      throws IOException, InterruptedException {
    String form =
        "input="
            + URLEncoder.encode(input, StandardCharsets.UTF_8)
            + "&lang="
            + URLEncoder.encode(lang, StandardCharsets.UTF_8);
    URI identify = page.address().resolve("/identify");
    return http.send(
        HttpRequest.newBuilder(identify)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
