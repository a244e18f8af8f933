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
import org.tailor.agent.ServerPeer;
import org.tailor.agent.TestSettings;
import org.tailor.agent.settings.AgentSettings;
import org.tailor.agent.terminal.IdentifyOutcome;
import org.tailor.agent.terminal.Terminal;

/**
 * When the server sheds an identify under overload it answers at once with the error code {@code
 * busy} (on the response topic, with the request's correlation data); the agent shows that as it
 * shows a broker's busy refusal: the shopper is asked to scan again in a moment, in the terminal's
 * language, on the kiosk page and on the till, rather than "your offers could not be shown" or,
 * after the timeout, "we could not get your offers". A real broker (HiveMQ CE embedded in the test,
 * letting everything pass) and a test client playing the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerBusyReplyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path folder;

  private BusyBroker broker;
  private String store;
  private ServerPeer server;
  private Terminal terminal;
  private KioskPage page;

  @BeforeAll
  void startBrokerAndServer() throws Exception {
    broker = new BusyBroker(folder.resolve("broker"), false);
    store = TestSettings.uniqueStore();
    server = new ServerPeer(broker.url(), store, ServerPeer::busy);
  }

  @AfterAll
  void stopBrokerAndServer() throws Exception {
    if (server != null) {
      server.close();
    }
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
  void aBusyReplyFromTheServerEndsAsBusyNotAsAServerErrorOrNoAnswer() {
    start("en");
    int asked = server.identifyRequests.size();

    IdentifyOutcome outcome = terminal.identify("600000017850");

    assertThat(server.identifyRequests).hasSize(asked + 1);
    assertThat(outcome).isInstanceOf(IdentifyOutcome.Refused.class);
    assertThat(((IdentifyOutcome.Refused) outcome).reason()).isEqualTo(IdentifyOutcome.BUSY);
    assertThat(broker.refusedIdentifies()).as("the broker refused nothing").isZero();
  }

  @Test
  void theKioskPageAsksTheShopperToScanAgainInAMomentInPersian() throws Exception {
    start("fa");
    page = new KioskPage(terminal, 0);
    page.start();

    HttpResponse<String> response = postIdentify("600000017850", "fa");

    assertThat(response.statusCode()).isEqualTo(200);
    Document html = Jsoup.parse(response.body());
    assertThat(html.selectFirst("#message").text())
        .isEqualTo("سامانه در حال حاضر مشغول است. لطفاً چند لحظه دیگر دوباره اسکن کنید.");
    assertThat(html.selectFirst("input#scan")).isNotNull();
  }

  @Test
  void theTillSaysTheServerIsBusyInBulgarian() {
    start("bg");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    TillConsole till =
        new TillConsole(
            terminal,
            new BufferedReader(new StringReader("")),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    till.handle("+34 612 345 678");

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Системата е натоварена в момента. Моля, сканирайте отново след малко.");
  }

  private void start(String language) {
    Properties properties =
        TestSettings.properties(broker.url(), store, folder.resolve("terminal-" + language));
    properties.setProperty(AgentSettings.DEFAULT_LANGUAGE, language);
    // long enough that an answer not recognised as busy could only end as a server error
    properties.setProperty(AgentSettings.IDENTIFY_TIMEOUT, "60");
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
