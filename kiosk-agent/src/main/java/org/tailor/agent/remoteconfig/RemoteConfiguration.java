package org.tailor.agent.remoteconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.tailor.agent.broker.MalformedPayloadException;
import org.tailor.agent.broker.PayloadCodec;
import org.tailor.agent.i18n.Texts;
import org.tailor.agent.storage.AtomicFile;
import org.tailor.terminal.protocol.TerminalConfig;

/**
 * The terminal's remote configuration: starts from the settings file, takes each newer {@link
 * TerminalConfig} the server retains on the terminal's {@code config} topic, and keeps the last one
 * applied on disk so that a restart without a broker still shows the right language and offers.
 */
public final class RemoteConfiguration {

  /** What became of a configuration received. */
  public enum Outcome {
    /** Newer than the one applied: now in force and saved. */
    APPLIED,
    /** Not newer than the one applied (a retained message seen again): nothing changed. */
    NOT_NEWER,
    /** Has a bad value: refused, the one applied stays. */
    INVALID
  }

  private static final System.Logger LOG = System.getLogger(RemoteConfiguration.class.getName());

  private final Path file;
  private final AtomicReference<TerminalConfig> current;
  private final List<Consumer<TerminalConfig>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param file where the last applied configuration is kept
   * @param initial the configuration from the settings file (revision 0), used until one arrives
   */
  public RemoteConfiguration(Path file, TerminalConfig initial) {
    this.file = file;
    this.current = new AtomicReference<>(loadSaved(file).orElse(initial));
  }

  /** The configuration in force. */
  public TerminalConfig current() {
    return current.get();
  }

  /** Calls {@code listener} with every configuration applied from now on. */
  public void onChange(Consumer<TerminalConfig> listener) {
    listeners.add(listener);
  }

  /** Applies a configuration if it is valid and newer than the one in force. */
  public synchronized Outcome apply(TerminalConfig received) {
    Optional<String> problem = problem(received);
    if (problem.isPresent()) {
      LOG.log(Level.WARNING, "refused remote configuration: {0}", problem.get());
      return Outcome.INVALID;
    }
    if (received.revision() <= current.get().revision()) {
      return Outcome.NOT_NEWER;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFile.write(file, PayloadCodec.encode(received));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save remote configuration to " + file, e);
    }
    current.set(received);
    LOG.log(Level.INFO, "applied remote configuration revision {0}", received.revision());
    listeners.forEach(listener -> listener.accept(received));
    return Outcome.APPLIED;
  }

  /** What is wrong with a configuration, naming field, value and expectation; empty when fine. */
  public static Optional<String> problem(TerminalConfig config) {
    if (config.revision() < 1) {
      return field("revision", config.revision(), "a number of 1 or more");
    }
    if (config.language() == null || Texts.supported(config.language()).isEmpty()) {
      return field("language", config.language(), "one of " + String.join(", ", Texts.LANGUAGES));
    }
    if (config.maxOffers() < 1 || config.maxOffers() > 10) {
      return field("maxOffers", config.maxOffers(), "1 to 10");
    }
    if (config.idleSeconds() < 5 || config.idleSeconds() > 3600) {
      return field("idleSeconds", config.idleSeconds(), "5 to 3600");
    }
    if (config.heartbeatSeconds() < 5 || config.heartbeatSeconds() > 3600) {
      return field("heartbeatSeconds", config.heartbeatSeconds(), "5 to 3600");
    }
    return Optional.empty();
  }

  private static Optional<String> field(String name, Object value, String expected) {
    return Optional.of(name + " = " + value + ": expected " + expected);
  }

  private static Optional<TerminalConfig> loadSaved(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      TerminalConfig saved = PayloadCodec.decode(Files.readAllBytes(file), TerminalConfig.class);
      if (problem(saved).isPresent()) {
        LOG.log(Level.WARNING, "ignoring saved configuration {0}: {1}", file, problem(saved).get());
        return Optional.empty();
      }
      return Optional.of(saved);
    } catch (IOException | MalformedPayloadException e) {
      LOG.log(Level.WARNING, "ignoring unreadable saved configuration " + file, e);
      return Optional.empty();
    }
  }
}
