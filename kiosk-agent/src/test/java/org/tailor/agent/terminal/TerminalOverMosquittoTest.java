package org.tailor.agent.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.agent.Mosquitto;
import org.tailor.agent.ServerPeer;
import org.tailor.agent.TestSettings;
import org.tailor.agent.i18n.Texts;
import org.tailor.agent.settings.AgentSettings;
import org.tailor.terminal.protocol.IdentifyRequest;
import org.tailor.terminal.protocol.RedemptionMessage;
import org.tailor.terminal.protocol.ShopperIdentifier;
import org.tailor.terminal.protocol.TerminalConfig;
import org.tailor.terminal.protocol.TerminalStatus;
import org.tailor.terminal.protocol.Topics;

/** The agent's terminal against the real Mosquitto, with a test client playing the server. */
class TerminalOverMosquittoTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  private String store;
  private ServerPeer server;
  private Terminal terminal;

  @BeforeEach
  void connect() throws Exception {
    Mosquitto.assumeRunning();
    store = TestSettings.uniqueStore();
    server = new ServerPeer(store, request -> ServerPeer.reply(request, "Ana", "es"));
    Properties properties = TestSettings.properties(Mosquitto.URL, store, dataDir);
    terminal = new Terminal(AgentSettings.from(properties), "9.9.9-test");
    terminal.start();
    await().atMost(WAIT).until(terminal::connected);
  }

  @AfterEach
  void disconnect() throws Exception {
    if (terminal != null) {
      terminal.close();
    }
    if (server != null) {
      server.clearRetained("K01");
      server.close();
    }
  }

  @Test
  void identifiesAShopperAndShowsTheirOffers() {
    IdentifyOutcome outcome = terminal.identify("600000017850\r");

    assertThat(outcome).isInstanceOf(IdentifyOutcome.Offers.class);
    IdentifyOutcome.Offers offers = (IdentifyOutcome.Offers) outcome;
    assertThat(offers.reply().shopper().firstName()).isEqualTo("Ana");
    assertThat(offers.reply().offers()).extracting("code").containsExactly("SPRING-10", "TEA-2");
    IdentifyRequest request = server.identifyRequests.get(0);
    assertThat(request.identifier()).isEqualTo(new ShopperIdentifier("loyalty", "600000017850"));
    assertThat(request.maxOffers()).isEqualTo(3);
    assertThat(request.language()).isEqualTo("en");
    assertThat(offers.reply().requestId()).isEqualTo(request.messageId());
  }

  @Test
  void asksTheShopperToTryAgainWhenNoAnswerComes() {
    server.stopAnswering();

    IdentifyOutcome outcome = terminal.identify("+34 612 345 678");

    assertThat(outcome).isInstanceOf(IdentifyOutcome.Refused.class);
    IdentifyOutcome.Refused refused = (IdentifyOutcome.Refused) outcome;
    assertThat(refused.reason()).isEqualTo("identify.noAnswer");
    assertThat(refused.describe(Texts.in("en"))).contains("Please try again");
    assertThat(server.identifyRequests).hasSize(1);
  }

  @Test
  void refusesABadEntryWithoutAskingTheServer() {
    IdentifyOutcome outcome = terminal.identify("hello");
    assertThat(((IdentifyOutcome.Refused) outcome).reason()).isEqualTo("input.unrecognized");
    assertThat(server.identifyRequests).isEmpty();
  }

  @Test
  void aRedemptionReachesTheServerLinkedToItsPresentationAndLeavesTheQueue() throws Exception {
    IdentifyOutcome.Offers offers = (IdentifyOutcome.Offers) terminal.identify("L000000042");
    terminal.presentationShown(offers.reply());

    RedemptionMessage sent =
        terminal.redeem(RedemptionEntry.parse("SPRING-10", "42,50"), Optional.of(offers));

    await().atMost(WAIT).until(() -> server.redemptions.containsKey(sent.messageId()));
    RedemptionMessage received = server.redemptions.get(sent.messageId());
    assertThat(received.presentationId()).isEqualTo(offers.reply().presentationId());
    assertThat(received.identifier()).isEqualTo(new ShopperIdentifier("loyalty", "L000000042"));
    assertThat(received.basketAmount()).isEqualByComparingTo(new BigDecimal("42.50"));
    await().atMost(WAIT).until(() -> terminal.queuedMessages() == 0);
    assertThat(server.shown.values())
        .extracting("presentationId")
        .containsExactly(offers.reply().presentationId());
    assertThat(outboxFiles()).isEmpty();
  }

  @Test
  void aRedemptionOfAnOfferNotShownIsNotLinkedToThePresentation() throws Exception {
    IdentifyOutcome.Offers offers = (IdentifyOutcome.Offers) terminal.identify("L000000042");
    RedemptionMessage sent =
        terminal.redeem(RedemptionEntry.parse("OTHER-1", "10"), Optional.of(offers));
    await().atMost(WAIT).until(() -> server.redemptions.containsKey(sent.messageId()));
    assertThat(server.redemptions.get(sent.messageId()).presentationId()).isNull();
  }

  @Test
  void aRejectedRedemptionIsSetAsideNotLost() throws Exception {
    server.acknowledgeWith("rejected");

    terminal.redeem(RedemptionEntry.parse("NOPE", "5"), Optional.empty());

    await().atMost(WAIT).until(() -> terminal.queuedMessages() == 0);
    try (Stream<Path> rejected = Files.list(dataDir.resolve("rejected"))) {
      assertThat(rejected.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.endsWith(".json"))
          .anyMatch(name -> name.endsWith(".json.reason"));
    }
  }

  @Test
  void appliesAndKeepsTheRemoteConfiguration() throws Exception {
    server.configure("K01", new TerminalConfig(7, "fa", 2, 20, 15));

    await().atMost(WAIT).until(() -> terminal.config().revision() == 7);
    assertThat(terminal.config().language()).isEqualTo("fa");
    assertThat(Files.readString(dataDir.resolve("terminal-config.json")))
        .contains("\"revision\":7");

    terminal.identify("L000000042");
    IdentifyRequest request = server.identifyRequests.get(0);
    assertThat(request.language()).isEqualTo("fa");
    assertThat(request.maxOffers()).isEqualTo(2);
  }

  @Test
  void announcesItselfOnlineWithItsVersionAndOfflineWhenItLeaves() {
    String statusTopic = Topics.terminalTopic(store, "K01", Topics.STATUS);
    await().atMost(WAIT).until(() -> server.statuses.containsKey(statusTopic));
    TerminalStatus birth = server.statuses.get(statusTopic);
    assertThat(birth.state()).isEqualTo("online");
    assertThat(birth.agentVersion()).isEqualTo("9.9.9-test");
    assertThat(birth.queuedMessages()).isZero();

    terminal.close();
    terminal = null;

    await().atMost(WAIT).until(() -> "offline".equals(server.statuses.get(statusTopic).state()));
  }

  private List<Path> outboxFiles() throws Exception {
    try (Stream<Path> files = Files.list(dataDir.resolve("outbox"))) {
      return files.toList();
    }
  }
}
