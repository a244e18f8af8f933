package org.tailor.agent;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.tailor.terminal.protocol.Topics;

/**
 * A real MQTT 5 broker (HiveMQ CE, embedded in the test's JVM, as the server embeds it) that lets
 * every client in and refuses every terminal's identify request with {@code QUOTA_EXCEEDED}, as the
 * server's embedded broker does while its queues are full ({@code IdentifyAdmission}). Other
 * messages pass; made with {@code refuseIdentifies} false, identifies pass too (for a test whose
 * server side answers busy itself).
 */
public final class BusyBroker implements AutoCloseable {

  private final EmbeddedHiveMQ hivemq;
  private final int port;
  private final AtomicInteger refused = new AtomicInteger();
  private final boolean refusing;

  /** Starts the broker on a free port of 127.0.0.1, with its files under {@code folder}. */
  public BusyBroker(Path folder) throws Exception {
    this(folder, true);
  }

  /** Starts the broker, refusing identifies or letting them pass. */
  public BusyBroker(Path folder, boolean refuseIdentifies) throws Exception {
    this.refusing = refuseIdentifies;
    this.port = freePort();
    Path conf = Files.createDirectories(folder.resolve("conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port),
        StandardCharsets.UTF_8);
    EmbeddedExtension busy =
        EmbeddedExtension.builder()
            .withId("tailor-test-busy")
            .withName("Refuses identify requests as busy")
            .withVersion("1")
            .withExtensionMain(new Busy())
            .build();
    this.hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(folder.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")))
            .withEmbeddedExtension(busy)
            .withoutLoggingBootstrap()
            .build();
    hivemq.start().get(60, TimeUnit.SECONDS);
  }

  /** The broker's address for the agent's settings. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** How many identify requests were refused. */
  public int refusedIdentifies() {
    return refused.get();
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      hivemq.stop().get(60, TimeUnit.SECONDS);
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private final class Busy implements ExtensionMain {

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      SimpleAuthenticator everyone = (auth, result) -> result.authenticateSuccessfully();
      Services.securityRegistry().setAuthenticatorProvider(provider -> everyone);
      PublishInboundInterceptor refuseIdentifies =
          (publish, result) -> {
            if (refusing && publish.getPublishPacket().getTopic().endsWith("/" + Topics.IDENTIFY)) {
              refused.incrementAndGet();
              result.preventPublishDelivery(
                  AckReasonCode.QUOTA_EXCEEDED, "the server is busy: ask again in a moment");
            }
          };
      Services.initializerRegistry()
          .setClientInitializer(
              (client, context) -> context.addPublishInboundInterceptor(refuseIdentifies));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
      // nothing to release
    }
  }
}
