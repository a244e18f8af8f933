package org.tailor.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.demo.DemoChain.DemoFacts;
import org.tailor.server.demo.DemoChain.DemoShopper;
import org.tailor.server.demo.DemoKioskAgent;
import org.tailor.server.i18n.Message;
import org.tailor.server.importer.OnlineRetailSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tailor demo}: starts the server on the embedded defaults, prepares the demo chain from the
 * bundled sample and prints the URLs, API keys and {@code curl} commands to try. Runs until Ctrl+C;
 * running it again reuses the data already imported.
 */
@Command(name = "demo", resourceBundle = "i18n.cli", mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    TailorSettings settings = config.load();
    PrintWriter out = spec.commandLine().getOut();
    Locale locale = Cli.locale();
    out.println(Message.of("cli", "server.starting", TailorCommand.version()).in(locale));
    out.flush();
    long started = System.nanoTime();
    TailorServer server = TailorServer.start(settings);
    long millis = (System.nanoTime() - started) / 1_000_000;
    out.println(Message.of("cli", "demo.importing", OnlineRetailSample.RESOURCE).in(locale));
    out.flush();
    DemoFacts demo;
    try {
      demo = DemoChain.prepare(server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    print(out, locale, server.uri(), demo);
    printKiosk(out, locale, server, demo, settings);
    out.println(Message.of("cli", "server.started", server.uri(), millis).in(locale));
    out.flush();
    ServeCommand.runUntilStopped(server, out);
    return 0;
  }

  /** Starts the demo kiosk's agent beside the server and says how to try it. */
  private static void printKiosk(
      PrintWriter out,
      Locale locale,
      TailorServer server,
      DemoFacts demo,
      TailorSettings settings) {
    out.println(Message.of("cli", "demo.mqtt", server.mqttUrl()).in(locale));
    Optional<DemoKioskAgent> agent;
    try {
      agent = DemoKioskAgent.start(server, DemoChain.KIOSK, settings.dataDir());
    } catch (IOException | RuntimeException e) {
      out.println(Message.of("cli", "demo.kiosk.failed", e.toString()).in(locale));
      agent = Optional.empty();
    }
    if (agent.isEmpty()) {
      out.println(Message.of("cli", "demo.kiosk.missing").in(locale));
      out.println();
      return;
    }
    DemoKioskAgent running = agent.get();
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "tailor-demo-kiosk-stop"));
    DemoShopper shopper = demo.shoppers().get(0);
    out.println(Message.of("cli", "demo.kiosk", running.page(), running.log()).in(locale));
    out.println(Message.of("cli", "demo.kiosk.scan", shopper.card()).in(locale));
    out.println();
  }

  private static void print(PrintWriter out, Locale locale, URI uri, DemoFacts demo) {
    String base = uri.toString().replaceAll("/$", "");
    out.println(
        Message.of(
                "cli",
                "demo.imported",
                demo.sample().receiptsWritten(),
                demo.sample().linesWritten(),
                demo.sample().skippedDuplicates())
            .in(locale));
    out.println();
    out.println(Message.of("cli", "demo.ready").in(locale));
    out.println();
    out.println(Message.of("cli", "demo.urls").in(locale));
    out.println("  " + base + "/api/v1/health");
    out.println("  " + base + "/api/v1/openapi.json");
    out.println("  " + base + "/metrics");
    out.println();
    out.println(Message.of("cli", "demo.api.key").in(locale));
    out.println("  " + demo.admin().secret());
    out.println(Message.of("cli", "demo.manager.key", DemoChain.STORE).in(locale));
    out.println("  " + demo.storeManager().secret());
    out.println();
    DemoShopper shopper = demo.shoppers().get(0);
    out.println(
        Message.of("cli", "demo.shopper", shopper.loyaltyId(), shopper.purchases(), shopper.card())
            .in(locale));
    out.println();
    out.println(Message.of("cli", "demo.try").in(locale));
    String key = "KEY=" + demo.admin().secret();
    out.println("  " + key);
    out.println(
        "  curl -s -H \"Authorization: Bearer $KEY\" "
            + base
            + "/api/v1/shoppers/"
            + shopper.loyaltyId());
    out.println(
        "  curl -s -H \"Authorization: Bearer $KEY\" "
            + base
            + "/api/v1/shoppers/"
            + shopper.card());
    out.println("  curl -s -H \"Authorization: Bearer $KEY\" " + base + "/api/v1/offers");
    out.println("  curl -s -H \"Authorization: Bearer $KEY\" " + base + "/api/v1/stores");
    out.println("  curl -s -H \"Authorization: Bearer $KEY\" " + base + "/api/v1/plugins");
    out.println(
        "  curl -s -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json'"
            + " -d '{\"code\":\"bad code!\"}' "
            + base
            + "/api/v1/offers");
    out.println();
  }
}
