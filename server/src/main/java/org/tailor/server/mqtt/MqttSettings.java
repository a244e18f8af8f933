package org.tailor.server.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;

/**
 * How the server reaches MQTT, from the settings {@code tailor.mqtt.*} (documented in {@code
 * config/tailor.properties}).
 *
 * @param broker the embedded broker (default) or an external one
 * @param url where the server connects: for an external broker {@code tailor.mqtt.url} ({@code
 *     tcp://} or {@code ssl://}); for the embedded one its listener
 * @param embeddedHost the address the embedded broker listens on
 * @param embeddedPort the port the embedded broker listens on
 * @param username the server's own user name at the broker
 * @param password the server's password at an external broker, if it needs one
 * @param trustStore for {@code ssl://}: a PKCS12 or JKS trust store with the broker's CA, if the
 *     JVM's default does not trust it
 * @param trustStorePassword its password
 * @param sharedGroup the MQTT 5 shared subscription group the servers of a chain share
 * @param workers threads that run message handlers
 * @param connections MQTT connections the server opens to the broker, all in the shared
 *     subscription group (a broker hands each connection only so many messages at a time)
 * @param clientId the server's MQTT client id; unique per server process
 */
public record MqttSettings(
    Broker broker,
    String url,
    String embeddedHost,
    int embeddedPort,
    String username,
    Optional<String> password,
    Optional<Path> trustStore,
    Optional<String> trustStorePassword,
    String sharedGroup,
    int workers,
    int connections,
    String clientId) {

  /** Which broker the server uses. */
  public enum Broker {
    EMBEDDED,
    EXTERNAL
  }

  /** How the server reaches the embedded broker: {@code tailor.mqtt.embedded.gateway}. */
  public enum EmbeddedGateway {
    /** Inside the broker, no MQTT client ({@link EmbeddedMqttGateway}); the default. */
    IN_PROCESS,
    /** Through Paho MQTT clients over loopback TCP ({@link PahoMqttGateway}), as before. */
    PAHO
  }

  /** The setting that chooses the {@link EmbeddedGateway}. */
  public static final String EMBEDDED_GATEWAY_SETTING = "tailor.mqtt.embedded.gateway";

  /**
   * The gateway to the embedded broker the settings choose ({@value #EMBEDDED_GATEWAY_SETTING}:
   * {@code in-process}, the default, or {@code paho}); refused naming the setting, the value and
   * what is expected otherwise. Read whatever the broker, so that a typo is caught at once.
   */
  public static EmbeddedGateway embeddedGateway(TailorSettings settings) {
    String value = settings.get(EMBEDDED_GATEWAY_SETTING, "in-process");
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "in-process" -> EmbeddedGateway.IN_PROCESS;
      case "paho" -> EmbeddedGateway.PAHO;
      default ->
          throw new SettingsException(
              Message.of(
                      "errors",
                      "setting.invalid",
                      EMBEDDED_GATEWAY_SETTING,
                      value,
                      Message.of("errors", "expected.one.of", "in-process, paho").english())
                  .english());
    };
  }

  /** Port of the embedded broker by default: not 1883, so that it does not clash with Mosquitto. */
  public static final int DEFAULT_EMBEDDED_PORT = 1884;

  /** Connections to the broker by default; see {@code tailor.mqtt.connections}. */
  public static final int DEFAULT_CONNECTIONS = 4;

  private static final int MAX_CONNECTIONS = 64;

  public MqttSettings {
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(trustStorePassword, "trustStorePassword");
    Objects.requireNonNull(sharedGroup, "sharedGroup");
    Objects.requireNonNull(clientId, "clientId");
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException(
          "connections must be from 1 to " + MAX_CONNECTIONS + ", was " + connections);
    }
  }

  /** The settings the configuration names, checked. */
  public static MqttSettings from(TailorSettings settings) {
    String brokerName = settings.get("tailor.mqtt.broker", "embedded");
    Broker broker =
        switch (brokerName.toLowerCase(Locale.ROOT)) {
          case "embedded" -> Broker.EMBEDDED;
          case "external" -> Broker.EXTERNAL;
          default ->
              throw new SettingsException(
                  "setting tailor.mqtt.broker = \""
                      + brokerName
                      + "\": expected embedded or external");
        };
    String host = settings.get("tailor.mqtt.embedded.host", "127.0.0.1");
    int port = settings.getInt("tailor.mqtt.embedded.port", DEFAULT_EMBEDDED_PORT);
    if (port < 0 || port > 65535) {
      throw new SettingsException(
          "setting tailor.mqtt.embedded.port = \""
              + port
              + "\": expected a port from 1 to 65535, or 0 for any free port");
    }
    if (port == 0 && broker == Broker.EMBEDDED) {
      port = freePort(host);
    }
    String url =
        broker == Broker.EMBEDDED
            ? "tcp://" + host + ":" + port
            : settings.get("tailor.mqtt.url", "tcp://127.0.0.1:1883");
    if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
      throw new SettingsException(
          "setting tailor.mqtt.url = \"" + url + "\": expected tcp://host:port or ssl://host:port");
    }
    int workers = settings.getInt("tailor.mqtt.workers", 8);
    if (workers < 1 || workers > 256) {
      throw new SettingsException(
          "setting tailor.mqtt.workers = \""
              + workers
              + "\": expected a whole number from 1 to 256");
    }
    int connections = settings.getInt("tailor.mqtt.connections", DEFAULT_CONNECTIONS);
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new SettingsException(
          "setting tailor.mqtt.connections = \""
              + connections
              + "\": expected a whole number from 1 to "
              + MAX_CONNECTIONS);
    }
    String group = settings.get("tailor.mqtt.shared.group", "tailor");
    if (!group.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new SettingsException(
          "setting tailor.mqtt.shared.group = \""
              + group
              + "\": expected 1 to 64 letters, digits, dashes or underscores");
    }
    return new MqttSettings(
        broker,
        url,
        host,
        port,
        settings.get("tailor.mqtt.username", "tailor-server"),
        settings.get("tailor.mqtt.password"),
        settings.get("tailor.mqtt.tls.truststore").map(Path::of),
        settings.get("tailor.mqtt.tls.truststore.password"),
        group,
        workers,
        connections,
        settings
            .get("tailor.mqtt.client.id")
            .orElseGet(
                () ->
                    "tailor-server-"
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())));
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new SettingsException(
          "setting tailor.mqtt.embedded.host = \"" + host + "\": cannot listen there: " + e);
    }
  }

  /** The same settings with another password (the embedded broker's per-start server secret). */
  public MqttSettings withPassword(String newPassword) {
    return new MqttSettings(
        broker,
        url,
        embeddedHost,
        embeddedPort,
        username,
        Optional.of(newPassword),
        trustStore,
        trustStorePassword,
        sharedGroup,
        workers,
        connections,
        clientId);
  }
}
