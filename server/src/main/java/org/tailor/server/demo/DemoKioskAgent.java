package org.tailor.server.demo;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.tailor.server.TailorServer;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;

/**
 * The demo's kiosk: the real kiosk agent, started as its own process from the jar the build made
 * ({@code kiosk-agent/target/tailor-kiosk-agent-*.jar}), logged in to the server's broker with
 * credentials issued for the demo kiosk, serving its page on 127.0.0.1. Its output goes to {@code
 * <data>/kiosk-agent/agent.log}.
 */
public final class DemoKioskAgent implements AutoCloseable {

  /** The port of the demo kiosk's page. */
  public static final int PAGE_PORT = 8765;

  private final Process process;
  private final URI page;
  private final Path log;

  private DemoKioskAgent(Process process, URI page, Path log) {
    this.process = process;
    this.page = page;
    this.log = log;
  }

  /** Where the kiosk page is served. */
  public URI page() {
    return page;
  }

  /** Where the agent writes its output. */
  public Path log() {
    return log;
  }

  /**
   * Starts the agent for {@code terminalCode}, or returns empty when no agent jar has been built
   * (then the demo prints how to build and start one).
   */
  public static Optional<DemoKioskAgent> start(
      TailorServer server, String terminalCode, Path dataDir) throws IOException {
    Optional<Path> jar = agentJar();
    if (jar.isEmpty()) {
      return Optional.empty();
    }
    IssuedCredential credential = server.terminalCredentials().issue(terminalCode);
    Path home = dataDir.resolve("kiosk-agent");
    Files.createDirectories(home);
    Path config = home.resolve("kiosk-agent.properties");
    Properties settings = new Properties();
    settings.setProperty("broker.url", server.mqttUrl());
    settings.setProperty("store.code", credential.storeCode());
    settings.setProperty("terminal.code", credential.terminalCode());
    settings.setProperty("terminal.password", credential.secret());
    settings.setProperty("data.dir", home.resolve("data").toAbsolutePath().toString());
    settings.setProperty("mode", "kiosk");
    settings.setProperty("page.port", String.valueOf(PAGE_PORT));
    settings.setProperty("language.default", "en");
    try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      settings.store(out, "Written by tailor demo for the demo kiosk; a new password every start");
    }
    Path log = home.resolve("agent.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-Dfile.encoding=UTF-8");
    command.add("-jar");
    command.add(jar.get().toString());
    command.add("--config");
    command.add(config.toAbsolutePath().toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return Optional.of(
        new DemoKioskAgent(process, URI.create("http://127.0.0.1:" + PAGE_PORT + "/"), log));
  }

  /** The agent jar next to the server's build: from the working folder, else from this jar. */
  public static Optional<Path> agentJar() throws IOException {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("kiosk-agent", "target"));
    try {
      Path here =
          Path.of(DemoKioskAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = here.getParent() == null ? null : here.getParent().getParent();
      if (root != null && root.getParent() != null) {
        candidates.add(root.getParent().resolve("kiosk-agent").resolve("target"));
      }
    } catch (java.net.URISyntaxException | SecurityException e) {
      // only the working folder is searched
    }
    for (Path target : candidates) {
      if (!Files.isDirectory(target)) {
        continue;
      }
      try (DirectoryStream<Path> jars =
          Files.newDirectoryStream(target, "tailor-kiosk-agent-*.jar")) {
        for (Path jar : jars) {
          String name = jar.getFileName().toString();
          // the runnable (shaded) jar, not the pre-shading original or the test helpers' jar
          if (!name.startsWith("original-") && !name.endsWith("-tests.jar")) {
            return Optional.of(jar.toAbsolutePath());
          }
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
