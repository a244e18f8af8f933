package org.tailor.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tailor serve}: runs the server until Ctrl+C (or SIGTERM). */
@Command(name = "serve", resourceBundle = "i18n.cli", mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    TailorSettings settings = config.load();
    PrintWriter out = spec.commandLine().getOut();
    out.println(Message.of("cli", "server.starting", TailorCommand.version()).in(Cli.locale()));
    out.flush();
    long started = System.nanoTime();
    TailorServer server = TailorServer.start(settings);
    long millis = (System.nanoTime() - started) / 1_000_000;
    out.println(Message.of("cli", "server.started", server.uri(), millis).in(Cli.locale()));
    out.flush();
    runUntilStopped(server, out);
    return 0;
  }

  /** Blocks until the JVM is asked to stop, then closes the server. */
  static void runUntilStopped(TailorServer server, PrintWriter out) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println(Message.of("cli", "server.stopping").in(Cli.locale()));
                  out.flush();
                  server.close();
                  stopped.countDown();
                },
                "tailor-shutdown"));
    stopped.await();
  }
}
