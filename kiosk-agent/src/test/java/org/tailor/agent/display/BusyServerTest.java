package org.tailor.agent.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.agent.BusyBroker;
import org.tailor.agent.TestSettings;
import org.tailor.agent.settings.AgentSettings;
import org.tailor.agent.terminal.IdentifyOutcome;
import org.tailor.agent.terminal.Terminal;

/**
 * When the broker refuses an identify request as busy ({@code QUOTA_EXCEEDED}, as the server's
 * embedded broker does under overload), the shopper is told at once to scan again in a moment, in
 * the terminal's language, on the kiosk page and on the till; the terminal does not wait for an
 * answer that will not come (which would end as {@code identify.noAnswer}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusyServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path folder;

  private BusyBroker broker;
  private Terminal terminal;
  private KioskPage page;

  @BeforeAll
  void startBroker() throws Exception {
    broker = new BusyBroker(folder.resolve("broker"));
  }

  @AfterAll
  void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void stop() {
    if (page != null) {
      page.close();
      page = null;
    }
    if (terminal != null) {
      terminal.close();
      terminal = null;
    }
  }

  @Test
  void anIdentifyTheBrokerRefusesEndsAsBusyNotAsNoAnswer() {
    start("en");
    int refusedBefore = broker.refusedIdentifies();

    IdentifyOutcome outcome = terminal.identify("600000017850");

    assertThat(outcome).isInstanceOf(IdentifyOutcome.Refused.class);
    assertThat(((IdentifyOutcome.Refused) outcome).reason()).isEqualTo(IdentifyOutcome.BUSY);
    assertThat(broker.refusedIdentifies()).isEqualTo(refusedBefore + 1);
  }

  @Test
  void theKioskPageAsksTheShopperToScanAgainInAMomentInSpanish() throws Exception {
    start("es");
    page = new KioskPage(terminal, 0);
    page.start();

    HttpResponse<String> response = postIdentify("600000017850", "es");

    assertThat(response.statusCode()).isEqualTo(200);
    Document html = Jsoup.parse(response.body());
    assertThat(html.selectFirst("#message").text())
        .isEqualTo(
            "El sistema está ocupado en este momento. Vuelva a escanear dentro de un momento.");
    assertThat(html.selectFirst("input#scan")).isNotNull();
  }

  @Test
  void theTillSaysTheServerIsBusyInTraditionalChinese() {
    start("zh-TW");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    TillConsole till =
        new TillConsole(
            terminal,
            new BufferedReader(new StringReader("")),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    till.handle("+34 612 345 678");

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("系統目前忙碌中。請稍後再掃描一次。");
  }

  private void start(String language) {
    Properties properties =
        TestSettings.properties(broker.url(), TestSettings.uniqueStore(), folder.resolve(language));
    properties.setProperty(AgentSettings.DEFAULT_LANGUAGE, language);
    terminal = new Terminal(AgentSettings.from(properties), "test");
    terminal.start();
    await().atMost(WAIT).until(terminal::connected);
  }

  private HttpResponse<String> postIdentify(String input, String language) throws Exception {
    String form =
        "input="
            + URLEncoder.encode(input, StandardCharsets.UTF_8)
            + "&lang="
            + URLEncoder.encode(language, StandardCharsets.UTF_8);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(page.address().resolve("/identify"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
