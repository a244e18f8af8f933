package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.agent.CuttableProxy;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.demo.DemoChain.DemoFacts;
import org.tailor.server.demo.DemoChain.DemoShopper;
import org.tailor.server.plugins.ComponentState;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;
import org.tailor.server.store.TerminalDetails;

/**
 * The whole chain with nothing played by the test: the real kiosk agent jar as its own process (in
 * till mode, driven through its console), the real server (embedded H2, the demo chain, the bundled
 * kiosk plugin in Felix) and a real broker, named by each subclass. What the server recorded is
 * read from its database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KioskAgentJarContract {

  private static final Pattern OFFER_LINE = Pattern.compile("(?m)^1\\. \\[([^\\]]+)\\]");
  private static final Pattern RECORDED = Pattern.compile("\\(id ([0-9a-f-]{36})\\)");

  @TempDir static Path root;

  TailorServer server;
  DemoFacts demo;
  private final List<AgentJarProcess> agents = new ArrayList<>();
  private final List<AutoCloseable> proxies = new ArrayList<>();

  /** The tills made here, unique per run: a shared broker keeps their retained messages. */
  final List<IssuedCredential> tills = new ArrayList<>();

  private final String run = UUID.randomUUID().toString().substring(0, 6);

  /** The settings that choose and reach the broker; called after {@link #assumeBroker()}. */
  abstract Map<String, String> brokerSettings();

  /** Skips the class (JUnit assumption, with a message) when its broker is not there. */
  abstract void assumeBroker();

  @BeforeAll
  void startServer() throws Exception {
    assumeBroker();
    AgentJarProcess.jar();
    Map<String, String> settings = new HashMap<>();
    settings.put("tailor.data.dir", root.resolve("server").toString());
    settings.put("tailor.plugins.config.dir", root.resolve("config/plugins").toString());
    settings.put(PluginHost.POLL_SETTING, "100");
    settings.put("tailor.http.port", "0");
    settings.putAll(brokerSettings());
    server = TailorServer.start(TailorSettings.of(settings));
    demo = DemoChain.prepare(server);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                server.plugins().status().stream()
                    .anyMatch(
                        s ->
                            s.symbolicName().equals("org.tailor.channel.kiosk")
                                && !s.components().isEmpty()
                                && s.components().stream()
                                    .allMatch(c -> c.state() == ComponentState.ACTIVE)));
    await().atMost(Duration.ofSeconds(30)).until(() -> server.mqtt().isConnected());
  }

  @AfterEach
  void stopAgents() throws Exception {
    for (AgentJarProcess agent : agents) {
      agent.close();
    }
    agents.clear();
    for (AutoCloseable proxy : proxies) {
      proxy.close();
    }
    proxies.clear();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      clearRetained();
      server.close();
    }
  }

  /** Removes what the tills left retained at the broker (their status and configuration). */
  void clearRetained() throws Exception {
    // the embedded broker goes away with the server
  }

  @Test
  void theAgentJarIdentifiesAShopperShowsTheirOffersAndItsRedemptionIsRecordedOnce()
      throws Exception {
    IssuedCredential till = newTill();
    Path home = root.resolve(till.terminalCode());
    AgentJarProcess agent = start(config(till, server.mqttUrl(), home), home.resolve("1.out"));
    agent.awaitPrinted("Till ready");
    agent.awaitOnline();

    DemoShopper shopper = demo.shoppers().get(0);
    agent.type(shopper.card());
    agent.awaitPrinted(shopper.firstName());
    String offerCode = agent.awaitMatch(OFFER_LINE).group(1);
    agent.type("redeem " + offerCode + " 42.50");
    String messageId = agent.awaitMatch(RECORDED).group(1);

    await().atMost(AgentJarProcess.WAIT).until(() -> redemptionRows(messageId) == 1);
    await().atMost(AgentJarProcess.WAIT).until(() -> outbox(home).isEmpty());
    try (Connection connection = server.database().dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT r.basket_amount, o.code, p.on_screen_at, s.loyalty_id FROM redemption r"
                    + " JOIN offer o ON o.id = r.offer_id"
                    + " JOIN presentation p ON p.id = r.presentation_id"
                    + " JOIN shopper s ON s.id = p.shopper_id"
                    + " JOIN terminal t ON t.id = r.terminal_id"
                    + " WHERE r.message_id = ? AND t.code = ?")) {
      query.setString(1, messageId);
      query.setString(2, till.terminalCode());
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).as("redemption %s linked to its presentation", messageId).isTrue();
        assertThat(row.getBigDecimal(1)).isEqualByComparingTo("42.50");
        assertThat(row.getString(2)).isEqualTo(offerCode);
        assertThat(row.getString(4)).isEqualTo(shopper.loyaltyId());
        // the agent confirmed the offers were on the till's screen
        assertThat(row.getObject(3)).as("presentation.on_screen_at").isNotNull();
      }
    }
    assertThat(agent.quit()).as(agent.printed()).isZero();
    assertThat(agent.printed()).doesNotContain("OutOfMemoryError");
  }

  @Test
  void aRedemptionQueuedWhileTheBrokerIsDownSurvivesAKillAndArrivesExactlyOnce() throws Exception {
    IssuedCredential till = newTill();
    URI broker = URI.create(server.mqttUrl());
    CuttableProxy proxy = new CuttableProxy(broker.getHost(), broker.getPort());
    proxies.add(proxy);
    proxy.restore();
    Path home = root.resolve(till.terminalCode());
    Path config = config(till, proxy.url(), home);

    // 1. Online: the shopper is identified and the offers are on the till.
    AgentJarProcess first = start(config, home.resolve("1.out"));
    first.awaitPrinted("Till ready");
    first.awaitOnline();
    DemoShopper shopper = demo.shoppers().get(1);
    first.type(shopper.card());
    first.awaitPrinted(shopper.firstName());
    String offerCode = first.awaitMatch(OFFER_LINE).group(1);

    // 2. The broker goes away; the cashier records the redemption; it waits on disk.
    proxy.cut();
    first.type("redeem " + offerCode + " 17.30");
    String messageId = first.awaitMatch(RECORDED).group(1);
    assertThat(outbox(home)).anySatisfy(name -> assertThat(name).contains(messageId));

    // 3. The agent process dies (kill -9) and is started again while the broker is still away.
    first.kill();
    assertThat(outbox(home)).anySatisfy(name -> assertThat(name).contains(messageId));
    assertThat(redemptionRows(messageId)).isZero();
    AgentJarProcess second = start(config, home.resolve("2.out"));
    second.awaitPrinted("Till ready");
    second.type("status");
    second.awaitPrinted("Offline");

    // 4. The broker comes back: the redemption arrives, once, and leaves the outbox.
    proxy.restore();
    await().atMost(AgentJarProcess.WAIT).until(() -> redemptionRows(messageId) == 1);
    await().atMost(AgentJarProcess.WAIT).until(() -> outbox(home).isEmpty());
    assertThat(rejected(home)).isEmpty();

    // 5. Killed and restarted once more, it sends nothing again: still one row for this till.
    second.kill();
    AgentJarProcess third = start(config, home.resolve("3.out"));
    third.awaitPrinted("Till ready");
    third.awaitOnline();
    assertThat(third.printed()).contains("Messages waiting to be sent: 0");
    assertThat(redemptionRows(messageId)).isEqualTo(1);
    assertThat(redemptionsAt(till.terminalCode())).isEqualTo(1);
    assertThat(third.quit()).as(third.printed()).isZero();
  }

  private IssuedCredential newTill() {
    String code = "e2e-till-" + run + "-" + (tills.size() + 1);
    server.stores().createTerminal(DemoChain.STORE, new TerminalDetails(code, "till", code));
    IssuedCredential till = server.terminalCredentials().issue(code);
    tills.add(till);
    return till;
  }

  private AgentJarProcess start(Path config, Path output) throws IOException {
    AgentJarProcess agent = AgentJarProcess.start(config, output);
    agents.add(agent);
    return agent;
  }

  private static Path config(IssuedCredential till, String brokerUrl, Path home)
      throws IOException {
    Files.createDirectories(home);
    Properties settings = new Properties();
    settings.setProperty("broker.url", brokerUrl);
    settings.setProperty("store.code", till.storeCode());
    settings.setProperty("terminal.code", till.terminalCode());
    settings.setProperty("terminal.password", till.secret());
    settings.setProperty("data.dir", home.resolve("data").toString());
    settings.setProperty("mode", "till");
    settings.setProperty("language.default", "en");
    settings.setProperty("identify.timeout.seconds", "20");
    Path file = home.resolve("kiosk-agent.properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      settings.store(out, "end-to-end test till");
    }
    return file;
  }

  long redemptionRows(String messageId) throws SQLException {
    return count("SELECT COUNT(*) FROM redemption WHERE message_id = ?", messageId);
  }

  private long redemptionsAt(String terminalCode) throws SQLException {
    return count(
        "SELECT COUNT(*) FROM redemption r JOIN terminal t ON t.id = r.terminal_id"
            + " WHERE t.code = ?",
        terminalCode);
  }

  long count(String sql, String parameter) throws SQLException {
    try (Connection connection = server.database().dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, parameter);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static List<String> outbox(Path home) throws IOException {
    return files(home.resolve("data").resolve("outbox"));
  }

  private static List<String> rejected(Path home) throws IOException {
    return files(home.resolve("data").resolve("rejected"));
  }

  private static List<String> files(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(Path::getFileName).map(Path::toString).toList();
    }
  }
}
