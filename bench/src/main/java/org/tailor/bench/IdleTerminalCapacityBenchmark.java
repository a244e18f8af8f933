package org.tailor.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;
import org.tailor.server.store.TerminalDetails;
import org.tailor.server.validation.NotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many connected, idle terminals one server holds: the real server with its embedded broker
 * (empty H2 but for the demo store; logins checked against each terminal's own hash) and terminals
 * that log in (MQTT 5 CONNECT with their credentials, persistent session like the agent) and
 * subscribe to their {@code offers}, {@code acks} and {@code config} topics, then stay silent
 * (keep-alive off, so the broker never drops them). They connect in steps of {@code --step} until a
 * login fails or {@code --max-terminals}; after each step the server's heap after a full collection
 * is printed, with the heap per connection over the empty server. The terminals are plain sockets
 * speaking the protocol by hand, a few hundred bytes each in this JVM, so the heap is the server's.
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.IdleTerminalCapacityBenchmark --step 1000 --max-terminals 20000
 * </pre>
 *
 * <p>Every connection is a file descriptor in this process: raise {@code ulimit -n} above twice the
 * ceiling first.
 */
@Command(name = "idle-terminal-capacity-benchmark", mixinStandardHelpOptions = true)
public final class IdleTerminalCapacityBenchmark implements Callable<Integer> {

  @Option(names = "--step", defaultValue = "500", description = "Terminals connected per step.")
  private int step;

  @Option(names = "--max-terminals", defaultValue = "10000", description = "The ceiling.")
  private int maxTerminals;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IdleTerminalCapacityBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("tailor-idle-terminals");
    Map<String, String> settings = new HashMap<>();
    settings.put("tailor.data.dir", dataDir.toString());
    settings.put("tailor.plugins.config.dir", dataDir.resolve("config").toString());
    settings.put("tailor.http.port", "0");
    settings.put("tailor.mqtt.embedded.port", "0");
    List<IdleTerminal> connected = new ArrayList<>();
    try (TailorServer server = TailorServer.start(TailorSettings.of(settings))) {
      server
          .stores()
          .createStore(
              new StoreDetails(
                  DemoChain.STORE, "Bench store", Optional.empty(), Optional.empty(), "UTC"));
      URI broker = URI.create(server.mqttUrl());
      long baseline = ProcessMemory.heapLiveBytes();
      JsonLine.of("idle-terminals")
          .add("connected", 0)
          .add("serverHeapLiveBytes", baseline)
          .print();
      String failure = null;
      while (connected.size() < maxTerminals && failure == null) {
        int target = Math.min(maxTerminals, connected.size() + step);
        List<IssuedCredential> credentials = new ArrayList<>();
        for (int i = connected.size(); i < target; i++) {
          String code = "idle-kiosk-" + i;
          try {
            server.stores().terminal(code);
          } catch (NotFoundException missing) {
            server
                .stores()
                .createTerminal(DemoChain.STORE, new TerminalDetails(code, "kiosk", code));
          }
          credentials.add(server.terminalCredentials().issue(code));
        }
        long started = System.nanoTime();
        for (IssuedCredential credential : credentials) {
          try {
            connected.add(IdleTerminal.connect(broker.getHost(), broker.getPort(), credential));
          } catch (IOException e) {
            failure = credential.terminalCode() + ": " + e.getMessage();
            break;
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long live = ProcessMemory.heapLiveBytes();
        JsonLine.of("idle-terminals")
            .add("connected", connected.size())
            .add("stepConnectSeconds", seconds, 2)
            .add("serverHeapLiveBytes", live)
            .add("heapPerConnectionBytes", (live - baseline) / Math.max(1, connected.size()))
            .add("rssBytes", ProcessMemory.residentBytes(ProcessHandle.current().pid()).orElse(-1L))
            .add("threads", Thread.activeCount())
            .add("stoppedBy", failure == null ? "" : failure)
            .print();
      }
    } finally {
      for (IdleTerminal terminal : connected) {
        terminal.close();
      }
    }
    return 0;
  }

  /** One silent terminal: a socket that logged in and subscribed, then only waits. */
  private record IdleTerminal(Socket socket) {

    static IdleTerminal connect(String host, int port, IssuedCredential credential)
        throws IOException {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(host, port), 30_000);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        out.write(connectPacket(credential));
        out.flush();
        int[] connack = readPacket(in);
        if (connack[0] != 0x20 || connack.length < 3 || connack[2] != 0) {
          throw new IOException(
              "login refused (CONNACK reason code " + (connack.length > 2 ? connack[2] : -1) + ")");
        }
        String prefix =
            "tailor/v1/stores/"
                + credential.storeCode()
                + "/terminals/"
                + credential.terminalCode()
                + "/";
        out.write(subscribePacket(1, prefix + "offers", prefix + "acks", prefix + "config"));
        out.flush();
        int[] suback = readPacket(in);
        if (suback[0] != 0x90) {
          throw new IOException("no SUBACK but packet type " + (suback[0] >> 4));
        }
        for (int i = suback.length - 3; i < suback.length; i++) {
          if (suback[i] > 2) {
            throw new IOException("subscription refused (reason code " + suback[i] + ")");
          }
        }
        socket.setSoTimeout(0);
        return new IdleTerminal(socket);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    void close() {
      try {
        socket.getOutputStream().write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }

    /** MQTT 5 CONNECT: clean start off, keep-alive 0, session expiry 7 days, user and password. */
    private static byte[] connectPacket(IssuedCredential credential) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      string(body, "MQTT");
      body.write(5); // protocol level
      body.write(0xC0); // user name and password flags; clean start off
      body.write(0);
      body.write(0); // keep-alive 0: never pinged, never dropped for silence
      body.write(5); // properties: session expiry interval (0x11), four bytes
      body.write(0x11);
      int week = 7 * 24 * 3600;
      body.write(week >>> 24);
      body.write(week >>> 16);
      body.write(week >>> 8);
      body.write(week);
      string(body, credential.terminalCode() + "-idle");
      string(body, credential.username());
      string(body, credential.secret());
      return packet(0x10, body.toByteArray());
    }

    private static byte[] subscribePacket(int packetId, String... topics) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write(packetId >>> 8);
      body.write(packetId);
      body.write(0); // no properties
      for (String topic : topics) {
        string(body, topic);
        body.write(1); // QoS 1
      }
      return packet(0x82, body.toByteArray());
    }

    private static byte[] packet(int type, byte[] body) {
      ByteArrayOutputStream packet = new ByteArrayOutputStream();
      packet.write(type);
      int length = body.length;
      do {
        int digit = length % 128;
        length /= 128;
        packet.write(length > 0 ? digit | 0x80 : digit);
      } while (length > 0);
      packet.writeBytes(body);
      return packet.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }

    /** A packet as unsigned bytes: its type byte, then the bytes after the length. */
    private static int[] readPacket(DataInputStream in) throws IOException {
      int type = in.readUnsignedByte();
      int length = 0;
      int multiplier = 1;
      int digit;
      do {
        digit = in.readUnsignedByte();
        length += (digit & 0x7F) * multiplier;
        multiplier *= 128;
      } while ((digit & 0x80) != 0);
      byte[] rest = new byte[length];
      in.readFully(rest);
      int[] packet = new int[length + 1];
      packet[0] = type;
      for (int i = 0; i < length; i++) {
        packet[i + 1] = rest[i] & 0xFF;
      }
      return packet;
    }
  }
}
