package org.tailor.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tailor.server.access.BrokerPasswordHash;
import org.tailor.server.mqtt.MosquittoFiles;
import org.tailor.server.store.TerminalCredentials.Credential;

/**
 * A Mosquitto process of a benchmark's own, on a free loopback port: the shipped {@code
 * config/mosquitto/mosquitto.conf} with its password and ACL files in {@code folder} (written by
 * {@link MosquittoFiles}, as {@code tailor terminals broker-files} writes them), persistence off.
 * The machine's Mosquitto is not touched. {@link #reload} rewrites the files and sends SIGHUP.
 */
final class OwnMosquitto implements AutoCloseable {

  static final String SERVER_USER = "tailor-server";

  private final Process process;
  private final Path files;
  private final int port;
  private final String serverSecret;

  private OwnMosquitto(Process process, Path files, int port, String serverSecret) {
    this.process = process;
    this.files = files;
    this.port = port;
    this.serverSecret = serverSecret;
  }

  static OwnMosquitto start(Path binary, Path folder) throws IOException, InterruptedException {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "no Mosquitto at " + binary + " (--mosquitto-binary); apt-get install mosquitto");
    }
    Path shipped = Path.of("config", "mosquitto", "mosquitto.conf");
    if (!Files.exists(shipped)) {
      throw new IllegalStateException("run from the repository root: " + shipped + " is missing");
    }
    Path files = folder.resolve("tailor");
    String serverSecret = BrokerPasswordHash.newSecret();
    MosquittoFiles.write(files, List.of(), SERVER_USER, BrokerPasswordHash.hash(serverSecret));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String conf =
        MosquittoFiles.configFor(shipped, files, port)
            // run as root, Mosquitto would drop to user "mosquitto", who cannot read the folder
            + "user "
            + System.getProperty("user.name")
            + "\nmax_connections -1\n";
    Path confFile = Files.writeString(folder.resolve("mosquitto.conf"), conf);
    Process process =
        new ProcessBuilder(binary.toString(), "-c", confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("mosquitto.log").toFile())
            .start();
    for (int i = 0; i < 200 && !listening(port); i++) {
      Thread.sleep(100);
    }
    if (!listening(port)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "Mosquitto did not start: " + Files.readString(folder.resolve("mosquitto.log")));
    }
    return new OwnMosquitto(process, files, port, serverSecret);
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  String serverSecret() {
    return serverSecret;
  }

  /** Writes the terminals' hashes and ACL and makes Mosquitto read them again (SIGHUP). */
  void reload(List<Credential> terminals) throws IOException, InterruptedException {
    MosquittoFiles.write(files, terminals, SERVER_USER, BrokerPasswordHash.hash(serverSecret));
    Process hup =
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    String said = new String(hup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (hup.waitFor() != 0) {
      throw new IOException("kill -HUP " + process.pid() + " failed: " + said);
    }
    Thread.sleep(2000); // Mosquitto reloads in its main loop; no acknowledgement to wait for
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
