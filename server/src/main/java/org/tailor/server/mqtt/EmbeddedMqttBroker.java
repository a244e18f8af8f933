package org.tailor.server.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 5 broker the server runs in its own process when no external one is configured: HiveMQ
 * Community Edition, embedded (see {@code docs/decisions/0004-embedded-mqtt-broker.md}).
 *
 * <p>Every client must log in. The server's own client logs in with a secret made for this run and
 * may use every topic; a terminal logs in with its code and its issued secret (checked by a {@link
 * TerminalAuthenticator}) and is confined to {@link TerminalAcl#subtree}. Sessions and queued
 * messages live in memory: this broker is for a single server (the demo, a small store group); a
 * chain runs a clustered external broker.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

  /** Checks a terminal's login: the terminal's store when the secret is right, else empty. */
  @FunctionalInterface
  public interface TerminalAuthenticator {
    Optional<String> storeOf(String terminalCode, String secret);
  }

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
  private static final long START_TIMEOUT_SECONDS = 60;

  /** Messages the broker queues for a client or a shared subscription before it drops new ones. */
  static final int MAX_QUEUED_MESSAGES = 50_000;

  private final EmbeddedHiveMQ hivemq;
  private final String address;
  private final AccessExtension access;
  private volatile boolean running = true;

  private EmbeddedMqttBroker(EmbeddedHiveMQ hivemq, String address, AccessExtension access) {
    this.hivemq = hivemq;
    this.address = address;
    this.access = access;
  }

  /**
   * Starts the broker on the settings' embedded host and port, with its files under {@code folder}.
   *
   * @param serverSecret the password the server's own client (user {@code settings.username()})
   *     logs in with
   */
  public static EmbeddedMqttBroker start(
      MqttSettings settings, Path folder, String serverSecret, TerminalAuthenticator terminals) {
    Objects.requireNonNull(serverSecret, "serverSecret");
    Objects.requireNonNull(terminals, "terminals");
    Path conf = folder.resolve("conf");
    Path data = folder.resolve("data");
    Path extensions = folder.resolve("extensions");
    try {
      Files.createDirectories(conf);
      Files.createDirectories(data);
      Files.createDirectories(extensions);
      Files.writeString(conf.resolve("config.xml"), configXml(settings), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BrokerException(
          "cannot prepare the embedded broker's folder " + folder + ": " + e, e);
    }
    AccessExtension accessExtension =
        new AccessExtension(settings.username(), serverSecret, terminals);
    EmbeddedExtension access =
        EmbeddedExtension.builder()
            .withId("tailor-terminal-access")
            .withName("Tailor terminal access")
            .withVersion("1")
            .withPriority(1000)
            .withExtensionMain(accessExtension)
            .build();
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            .withEmbeddedExtension(access)
            .withoutLoggingBootstrap()
            .build();
    String address = settings.embeddedHost() + ":" + settings.embeddedPort();
    try {
      hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(hivemq);
      throw new BrokerException("interrupted while starting the embedded MQTT broker", e);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(hivemq);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new BrokerException(
          "the embedded MQTT broker could not start on " + address + ": " + cause, cause);
    }
    LOG.info("embedded MQTT broker (HiveMQ CE) listening on {}", address);
    return new EmbeddedMqttBroker(hivemq, address, accessExtension);
  }

  /** {@code host:port} it listens on. */
  public String address() {
    return address;
  }

  /** True from the start until {@link #close()}. */
  public boolean isRunning() {
    return running;
  }

  /**
   * Hands every publish of a terminal that its permissions allow to {@code gateway} (the {@link
   * EmbeddedMqttGateway}) before the broker routes it; null to stop. Clients logged in as the
   * server's user are not intercepted.
   */
  void interceptTerminalPublishes(PublishInboundInterceptor gateway) {
    access.gateway = gateway;
  }

  /**
   * A terminal's last will as the broker publishes it when the terminal drops: what a subscriber to
   * its topic receives (the agent's retained {@code offline} status).
   *
   * @param retain whether the broker keeps it as its topic's retained message
   */
  record TerminalWill(
      String topic,
      byte[] payload,
      int qos,
      boolean retain,
      Optional<String> responseTopic,
      Optional<byte[]> correlationData) {}

  /**
   * Hands the last will of every terminal whose connection ends without a normal disconnect (lost,
   * closed by the broker, or a DISCONNECT asking for it) to {@code gateway}, as the broker
   * publishes it: the wills pass no publish inbound interceptor. Null to stop.
   */
  void interceptTerminalWills(Consumer<TerminalWill> gateway) {
    access.willGateway = gateway;
  }

  @Override
  public void close() {
    running = false;
    closeQuietly(hivemq);
    LOG.info("embedded MQTT broker stopped");
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.stop().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("the embedded MQTT broker did not stop cleanly", e);
    }
  }

  static String configXml(MqttSettings settings) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by the Tailor server at every start from tailor.mqtt.* settings. -->
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
            </tcp-listener>
          </listeners>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <mqtt>
            <!-- How many QoS 1/2 messages a client (the Tailor server answering a thousand
                 terminals) may have unacknowledged; HiveMQ's default of 10 made replies wait. -->
            <receive-maximum>
              <server-receive-maximum>1000</server-receive-maximum>
            </receive-maximum>
            <!-- The queue of a shared subscription holds the terminals' requests that wait for the
                 server, and a terminal's next request can arrive before the server's acknowledgement
                 of its previous one has taken that one off: HiveMQ's default of 1000 dropped
                 requests with a thousand terminals asking at once. -->
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
            </queued-messages>
          </mqtt>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(settings.embeddedPort(), xmlText(settings.embeddedHost()), MAX_QUEUED_MESSAGES);
  }

  private static String xmlText(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Registers the authenticator that gives each client its permissions. */
  private static final class AccessExtension implements ExtensionMain {
    private final String serverUser;
    private final byte[] serverSecret;
    private final TerminalAuthenticator terminals;
    private final Set<String> serverClients = ConcurrentHashMap.newKeySet();
    private volatile PublishInboundInterceptor gateway;
    private volatile Consumer<TerminalWill> willGateway;
    // each terminal's will, by client id, from its CONNECT until its connection ends
    private final ConcurrentHashMap<String, Will> wills = new ConcurrentHashMap<>();
    // wills with a delay, by client id, until published or the terminal is back
    private final ConcurrentHashMap<String, ScheduledFuture<?>> delayed = new ConcurrentHashMap<>();

    /** A will, with whether the terminal's permissions let it publish there (set when known). */
    private record Will(TerminalWill will, long delaySeconds, boolean permitted) {}

    AccessExtension(String serverUser, String serverSecret, TerminalAuthenticator terminals) {
      this.serverUser = serverUser;
      this.serverSecret = serverSecret.getBytes(StandardCharsets.UTF_8);
      this.terminals = terminals;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      SimpleAuthenticator authenticator = this::authenticate;
      Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
      // Terminals' identify requests pass the admission; the server's own clients need none.
      IdentifyAdmission admission =
          new IdentifyAdmission(
              IdentifyAdmission.gauge(Services.metricRegistry()),
              IdentifyAdmission.MAX_QUEUED_BYTES);
      Services.interceptorRegistry().setConnectInboundInterceptorProvider(in -> this::connecting);
      ClientLifecycleEventListener lifecycle = new WillPublisher();
      Services.eventRegistry().setClientLifecycleEventListener(in -> lifecycle);
      Services.initializerRegistry()
          .setClientInitializer(
              (initializerInput, clientContext) -> {
                String clientId = initializerInput.getClientInformation().getClientId();
                if (!serverClients.contains(clientId)) {
                  clientContext.addPublishInboundInterceptor(admission);
                  Predicate<String> permitted =
                      publishPermitted(clientContext.getDefaultPermissions());
                  wills.computeIfPresent(
                      clientId,
                      (id, will) ->
                          new Will(
                              will.will(),
                              will.delaySeconds(),
                              permitted.test(will.will().topic())));
                  clientContext.addPublishInboundInterceptor(
                      (publishInput, publishOutput) -> {
                        PublishInboundInterceptor current = gateway;
                        if (current != null
                            && permitted.test(publishInput.getPublishPacket().getTopic())) {
                          current.onInboundPublish(publishInput, publishOutput);
                        }
                      });
                }
              });
    }

    /**
     * Remembers a terminal's will from its CONNECT (before it logs in: {@link Will#permitted} is
     * set once its permissions are known), and forgets a delayed will of an earlier connection of
     * the same client, which its return cancels.
     */
    private void connecting(ConnectInboundInput input, ConnectInboundOutput output) {
      String clientId = input.getClientInformation().getClientId();
      ScheduledFuture<?> pending = delayed.remove(clientId);
      if (pending != null) {
        pending.cancel(false);
      }
      Optional<WillPublishPacket> will = input.getConnectPacket().getWillPublish();
      if (will.isEmpty()
          || input.getConnectPacket().getUserName().filter(serverUser::equals).isPresent()) {
        wills.remove(clientId);
        return;
      }
      WillPublishPacket packet = will.get();
      wills.put(
          clientId,
          new Will(
              new TerminalWill(
                  packet.getTopic(),
                  packet.getPayload().map(AccessExtension::bytes).orElseGet(() -> new byte[0]),
                  packet.getQos().getQosNumber(),
                  packet.getRetain(),
                  packet.getResponseTopic(),
                  packet.getCorrelationData().map(AccessExtension::bytes)),
              packet.getWillDelay(),
              false));
    }

    /**
     * Hands a terminal's will to the gateway when the broker publishes it (MQTT 5, 3.1.2.5): when
     * the connection ends other than by a normal DISCONNECT, after the will's delay unless the
     * terminal is back by then. Not when the connection was taken over by a new one of the same
     * client, whose own will is then the one kept.
     */
    private final class WillPublisher implements ClientLifecycleEventListener {
      @Override
      public void onMqttConnectionStart(ConnectionStartInput input) {
        // the will was taken from the CONNECT by connecting()
      }

      @Override
      public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        // nothing to do
      }

      @Override
      public void onDisconnect(DisconnectEventInput input) {
        wills.remove(input.getClientInformation().getClientId()); // refused login: no will
      }

      @Override
      public void onConnectionLost(ConnectionLostInput input) {
        publish(input.getClientInformation().getClientId());
      }

      @Override
      public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
        String clientId = input.getClientInformation().getClientId();
        if (input.getReasonCode().orElse(DisconnectedReasonCode.NORMAL_DISCONNECTION)
            == DisconnectedReasonCode.DISCONNECT_WITH_WILL_MESSAGE) {
          publish(clientId);
        } else {
          wills.remove(clientId);
        }
      }

      @Override
      public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        if (input.getReasonCode().orElse(null) != DisconnectedReasonCode.SESSION_TAKEN_OVER) {
          publish(input.getClientInformation().getClientId());
        }
      }

      private void publish(String clientId) {
        Will will = wills.remove(clientId);
        if (will == null || !will.permitted()) {
          return;
        }
        if (will.delaySeconds() <= 0) {
          hand(will.will());
          return;
        }
        delayed.put(
            clientId,
            Services.extensionExecutorService()
                .schedule(
                    () -> {
                      delayed.remove(clientId);
                      hand(will.will());
                    },
                    will.delaySeconds(),
                    TimeUnit.SECONDS));
      }

      private void hand(TerminalWill will) {
        Consumer<TerminalWill> current = willGateway;
        if (current != null) {
          current.accept(will);
        }
      }
    }

    /**
     * Whether the broker will let a client with these permissions publish to a topic, as HiveMQ
     * decides after the publish inbound interceptors: a denying permission wins, then an allowing
     * one, then the default. Only the topic is judged (a terminal's permission allows every QoS and
     * retain flag).
     */
    static Predicate<String> publishPermitted(ModifiableDefaultPermissions permissions) {
      List<String> allowed = new ArrayList<>();
      List<String> denied = new ArrayList<>();
      for (TopicPermission permission : permissions.asList()) {
        if (permission.getActivity() == TopicPermission.MqttActivity.SUBSCRIBE) {
          continue;
        }
        (permission.getType() == TopicPermission.PermissionType.ALLOW ? allowed : denied)
            .add(permission.getTopicFilter());
      }
      boolean byDefault = permissions.getDefaultBehaviour() == DefaultAuthorizationBehaviour.ALLOW;
      return topic -> {
        for (String filter : denied) {
          if (TopicFilters.matchesAny(filter, topic)) {
            return false;
          }
        }
        for (String filter : allowed) {
          if (TopicFilters.matchesAny(filter, topic)) {
            return true;
          }
        }
        return byDefault;
      };
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
      // nothing to release
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
      Optional<String> user = input.getConnectPacket().getUserName();
      Optional<byte[]> password =
          input.getConnectPacket().getPassword().map(AccessExtension::bytes);
      if (user.isEmpty() || password.isEmpty()) {
        output.failAuthentication(
            ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "a user name and password are required");
        return;
      }
      if (user.get().equals(serverUser)) {
        if (MessageDigest.isEqual(serverSecret, password.get())) {
          serverClients.add(input.getClientInformation().getClientId());
          output.authenticateSuccessfully(); // no default permissions: every topic
        } else {
          output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong password");
        }
        return;
      }
      String terminal = user.get();
      String secret = new String(password.get(), StandardCharsets.UTF_8);
      Async<SimpleAuthOutput> async =
          output.async(
              AUTH_TIMEOUT,
              TimeoutFallback.FAILURE,
              ConnackReasonCode.SERVER_UNAVAILABLE,
              "timeout");
      Services.extensionExecutorService()
          .submit(
              () -> {
                try {
                  Optional<String> store = terminals.storeOf(terminal, secret);
                  if (store.isEmpty()) {
                    LOG.warn(
                        "MQTT login refused for terminal {}: unknown or wrong secret", terminal);
                    output.failAuthentication(
                        ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                        "unknown terminal or wrong secret");
                  } else {
                    ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
                    permissions.add(
                        Builders.topicPermission()
                            .topicFilter(TerminalAcl.subtree(store.get(), terminal))
                            .type(TopicPermission.PermissionType.ALLOW)
                            .activity(TopicPermission.MqttActivity.ALL)
                            .sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED)
                            .build());
                    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
                    output.authenticateSuccessfully();
                  }
                } catch (RuntimeException e) {
                  LOG.error("MQTT login of terminal {} could not be checked", terminal, e);
                  output.failAuthentication(
                      ConnackReasonCode.SERVER_UNAVAILABLE, "the login could not be checked");
                } finally {
                  async.resume();
                }
              });
    }

    private static byte[] bytes(ByteBuffer buffer) {
      ByteBuffer copy = buffer.asReadOnlyBuffer();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
  }
}
