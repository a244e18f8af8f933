package org.tailor.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * speaking the protocol by hand ({@link MqttWire}), held by child processes of {@code
 * --terminals-per-process} terminals each, so the heap measured and the file descriptors counted
 * are the server's alone.
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.IdleTerminalCapacityBenchmark --step 1000 --max-terminals 20000
 * </pre>
 *
 * <p>Every connection is a file descriptor of the server's process (the broker's end), so the
 * server's {@code ulimit -n} bounds the terminals it can hold; with {@code --terminals-per-process
 * 0} the terminals' ends are in the same process too, and it stops at half the limit.
 */
@Command(name = "idle-terminal-capacity-benchmark", mixinStandardHelpOptions = true)
public final class IdleTerminalCapacityBenchmark implements Callable<Integer> {

  @Option(names = "--step", defaultValue = "500", description = "Terminals connected per step.")
  private int step;

  @Option(names = "--max-terminals", defaultValue = "10000", description = "The ceiling.")
  private int maxTerminals;

  @Option(
      names = "--terminals-per-process",
      defaultValue = "5000",
      description =
          "Terminals per child process (each connection a file descriptor there, not in the"
              + " server's process); 0 to open them in the server's process as before.")
  private int terminalsPerProcess;

  @Option(
      names = "--child",
      hidden = true,
      description = "Run as a child: log in the terminals named on standard input.")
  private String childBroker;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IdleTerminalCapacityBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (childBroker != null) {
      return runChild(childBroker);
    }
    Path dataDir = Files.createTempDirectory("tailor-idle-terminals");
    Map<String, String> settings = new HashMap<>();
    settings.put("tailor.data.dir", dataDir.toString());
    settings.put("tailor.plugins.config.dir", dataDir.resolve("config").toString());
    settings.put("tailor.http.port", "0");
    settings.put("tailor.mqtt.embedded.port", "0");
    List<IdleTerminal> connected = new ArrayList<>();
    List<Child> children = new ArrayList<>();
    int connectedCount = 0;
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
          .add("terminalsPerProcess", terminalsPerProcess)
          .add("serverOpenFiles", openFiles())
          .add("serverOpenFilesLimit", openFilesLimit())
          .print();
      String failure = null;
      while (connectedCount < maxTerminals && failure == null) {
        int target = Math.min(maxTerminals, connectedCount + step);
        List<IssuedCredential> credentials = new ArrayList<>();
        for (int i = connectedCount; i < target; i++) {
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
            if (terminalsPerProcess > 0) {
              if (children.isEmpty() || children.get(children.size() - 1).full()) {
                children.add(Child.start(broker, terminalsPerProcess));
              }
              children.get(children.size() - 1).connect(credential);
            } else {
              connected.add(IdleTerminal.connect(broker.getHost(), broker.getPort(), credential));
            }
            connectedCount++;
          } catch (IOException e) {
            failure = credential.terminalCode() + ": " + e.getMessage();
            break;
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long live = ProcessMemory.heapLiveBytes();
        JsonLine.of("idle-terminals")
            .add("connected", connectedCount)
            .add("stepConnectSeconds", seconds, 2)
            .add("serverHeapLiveBytes", live)
            .add("heapPerConnectionBytes", (live - baseline) / Math.max(1, connectedCount))
            .add("rssBytes", ProcessMemory.residentBytes(ProcessHandle.current().pid()).orElse(-1L))
            .add("threads", Thread.activeCount())
            .add("serverOpenFiles", openFiles())
            .add("childProcesses", children.size())
            .add("stoppedBy", failure == null ? "" : failure)
            .print();
      }
    } finally {
      for (IdleTerminal terminal : connected) {
        terminal.close();
      }
      for (Child child : children) {
        child.close();
      }
    }
    return 0;
  }

  /** File descriptors open in this process. */
  private static long openFiles() {
    String[] fds = new java.io.File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /** This process's limit on open files (soft), as {@code /proc/self/limits} has it. */
  private static String openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
          return parts[0] + " (hard " + parts[1] + ")";
        }
      }
    } catch (IOException e) {
      // unknown below
    }
    return "unknown";
  }

  /**
   * The child side: reads one terminal per line ({@code store TAB terminal TAB secret}), logs it in
   * and answers {@code ok} or {@code failed: reason}; when standard input ends, disconnects them
   * all and exits.
   */
  private static int runChild(String brokerAddress) throws IOException {
    URI broker = URI.create(brokerAddress);
    List<IdleTerminal> terminals = new ArrayList<>();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    try {
      String line;
      while ((line = in.readLine()) != null) {
        String[] fields = line.split("\t", 3);
        try {
          terminals.add(
              IdleTerminal.connect(
                  broker.getHost(),
                  broker.getPort(),
                  new IssuedCredential(fields[0], fields[1], fields[2])));
          out.println("ok");
        } catch (IOException e) {
          out.println("failed: " + e.getMessage());
        }
      }
    } finally {
      terminals.forEach(IdleTerminal::close);
    }
    return 0;
  }

  /** A child JVM holding up to {@code capacity} terminals, driven over its standard streams. */
  private static final class Child {
    private final Process process;
    private final PrintStream toChild;
    private final BufferedReader fromChild;
    private final int capacity;
    private int held;

    private Child(Process process, int capacity) {
      this.process = process;
      this.capacity = capacity;
      this.toChild = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.fromChild =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Child start(URI broker, int capacity) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-Xss256k",
                  "-cp",
                  System.getProperty("java.class.path"),
                  IdleTerminalCapacityBenchmark.class.getName(),
                  "--child",
                  broker.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      return new Child(process, capacity);
    }

    boolean full() {
      return held >= capacity;
    }

    void connect(IssuedCredential credential) throws IOException {
      toChild.println(
          credential.storeCode() + "\t" + credential.terminalCode() + "\t" + credential.secret());
      String answer = fromChild.readLine();
      if (answer == null) {
        throw new IOException("the child process " + process.pid() + " ended");
      }
      if (!answer.equals("ok")) {
        throw new IOException(answer);
      }
      held++;
    }

    void close() {
      toChild.close();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroy();
      }
    }
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
        // persistent session like the agent: clean start off, expiry a week; keep-alive off
        out.write(
            MqttWire.connect(
                credential.terminalCode() + "-idle",
                credential.username(),
                credential.secret(),
                false,
                0,
                7 * 24 * 3600));
        out.flush();
        ByteBuffer connack = MqttWire.read(in);
        if (MqttWire.type(connack) != MqttWire.CONNACK || MqttWire.connackReason(connack) != 0) {
          throw new IOException(
              "login refused (CONNACK reason code " + MqttWire.connackReason(connack) + ")");
        }
        String prefix =
            "tailor/v1/stores/"
                + credential.storeCode()
                + "/terminals/"
                + credential.terminalCode()
                + "/";
        out.write(MqttWire.subscribe(1, prefix + "offers", prefix + "acks", prefix + "config"));
        out.flush();
        ByteBuffer suback = MqttWire.read(in);
        if (MqttWire.type(suback) != MqttWire.SUBACK) {
          throw new IOException("no SUBACK but packet type " + MqttWire.type(suback));
        }
        if (!MqttWire.subackGranted(suback, 3)) {
          throw new IOException("a subscription was refused");
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
        socket.getOutputStream().write(MqttWire.disconnect());
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
