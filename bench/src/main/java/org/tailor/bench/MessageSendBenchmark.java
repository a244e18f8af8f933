package org.tailor.bench;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.outbox.DispatchSummary;
import org.tailor.server.outbox.OutgoingMessage;
import org.tailor.server.permission.EmailOptIn;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.template.MessageTemplates;
import org.tailor.server.template.OfferWords;
import org.tailor.server.template.RenderedMessage;
import org.tailor.server.template.TemplateInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Personalised render-and-send throughput through the real path: the real {@link TailorServer} (H2
 * in a temporary folder, its bundled plugins, among them {@code channel-email}, configured for an
 * SMTP server in this process, GreenMail), shoppers in five languages with a confirmed email double
 * opt-in; for each message the birthday template is rendered with the shopper's first name, offer
 * and locale and written to the outbox, then the server's dispatcher hands every message through
 * the permission gate to the email plugin, which sends it over SMTP: {@code --dispatchers} threads
 * each run the server's own pass ({@code dispatchAllDue}, as its schedule runs it), claiming
 * disjoint batches of due messages as several dispatchers (threads or servers) do. The rendered
 * messages are written {@code --enqueue-batch} at a time, each batch in one transaction through
 * {@link org.tailor.server.outbox.Outbox#enqueueAll}, as trigger runs write theirs ({@code 1}: one
 * {@link org.tailor.server.outbox.Outbox#enqueue} and transaction per message). Measured:
 * render-and-enqueue alone, dispatch alone, and the whole, in messages per second (phases {@code
 * warmup} and {@code measured}: all messages are rendered first, then dispatched, so the two stages
 * add up).
 *
 * <p>With {@code --overlap}, a further phase ({@code overlap}, with shoppers of its own) renders
 * and dispatches at once, as the server does — its scheduler runs dispatch passes while a trigger
 * run writes messages: the dispatchers run passes from the start, pausing {@code --poll-ms} after a
 * pass that found nothing due (the server's {@code tailor.outbox.poll.ms}), until the renderers are
 * done and nothing is due; end to end is from the first render to the last delivery.
 *
 * <p>Every phase checks that the SMTP server received exactly the messages sent (one per shopper,
 * all delivered), and fails otherwise.
 *
 * <pre>
 * taskset -c 0,1 java -Xmx2g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.MessageSendBenchmark --messages 20000 --dispatchers 2 --overlap
 * </pre>
 */
@Command(name = "message-send-benchmark", mixinStandardHelpOptions = true)
public final class MessageSendBenchmark implements Callable<Integer> {

  private static final List<String> LANGUAGES = List.of("en", "es", "bg", "fa", "zh-TW");
  private static final List<String> NAMES = List.of("Ana", "María", "Мария", "مریم", "美玲");

  @Option(names = "--messages", defaultValue = "20000", description = "Messages (one per shopper).")
  private int messages;

  @Option(names = "--warmup", defaultValue = "2000", description = "Warm-up messages first.")
  private int warmup;

  @Option(names = "--dispatchers", defaultValue = "2", description = "Dispatching threads.")
  private int dispatchers;

  @Option(names = "--render-threads", defaultValue = "2", description = "Rendering threads.")
  private int renderThreads;

  @Option(
      names = "--enqueue-batch",
      defaultValue = "100",
      description =
          "Messages written to the outbox per transaction (Outbox.enqueueAll, as trigger runs"
              + " write); 1 for one Outbox.enqueue per message.")
  private int enqueueBatch;

  @Option(
      names = "--overlap",
      description =
          "Also run a phase that renders and dispatches at once, as the server does (its own"
              + " shoppers).")
  private boolean overlap;

  @Option(
      names = "--poll-ms",
      defaultValue = "100",
      description =
          "With --overlap: a dispatcher's pause after a pass that found nothing due"
              + " (the server's tailor.outbox.poll.ms).")
  private long pollMillis;

  @Option(
      names = "--mailbox-per-shopper",
      description =
          "Let GreenMail keep a mailbox per recipient (its default, a linear scan per message)"
              + " instead of one catch-all mailbox.")
  private boolean mailboxPerShopper;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MessageSendBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (enqueueBatch < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--enqueue-batch: expected 1 or more messages, was " + enqueueBatch);
    }
    if (pollMillis < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--poll-ms: expected 1 or more milliseconds, was " + pollMillis);
    }
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    if (!mailboxPerShopper) {
      // GreenMail creates a mailbox for each new recipient and finds a recipient's inbox by a
      // linear scan of all of them: with tens of thousands of shoppers that was most of the CPU
      // of the run. One catch-all mailbox keeps its SMTP exchange, parsing and storing per message.
      GreenMailUser sink = smtp.setUser("sink@shoppers.example", "sink", "sink");
      smtp.getUserManager().setMessageDeliveryHandler((message, address) -> sink);
    }
    Path dataDir = Files.createTempDirectory("tailor-bench-send");
    Path config = Files.createDirectories(dataDir.resolve("plugin-config"));
    Files.writeString(
        config.resolve("tailor.channel.email.cfg"),
        "smtp.host = 127.0.0.1\nsmtp.port = "
            + smtp.getSmtp().getPort()
            + "\nfrom = offers@shop.example\n");
    Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
    TailorSettings settings =
        TailorSettings.of(
            Map.of(
                "tailor.data.dir",
                dataDir.toString(),
                "tailor.plugins.dir",
                plugins.toString(),
                "tailor.plugins.config.dir",
                config.toString(),
                "tailor.templates.dir",
                Path.of("config/templates").toAbsolutePath().toString(),
                "tailor.http.host",
                "127.0.0.1",
                "tailor.http.port",
                "0",
                "tailor.outbox.poll.ms",
                "3600000",
                "tailor.triggers.poll.minutes",
                "100000"));
    try (TailorServer tailor = TailorServer.start(settings)) {
      long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!tailor.plugins().channelPlugins().channels().contains("email")) {
        if (System.nanoTime() > waitUntil) {
          throw new IllegalStateException("the email channel bundle did not start in 60 s");
        }
        Thread.sleep(50);
      }
      Instant validUntil = Instant.now().plus(Duration.ofDays(30));
      Map<String, OfferWords> offer =
          Map.of(
              "en", words("A gift for you", "5 off your next basket", validUntil),
              "es", words("Un regalo para ti", "5 de descuento en tu cesta", validUntil),
              "bg", words("Подарък за вас", "5 отстъпка от следващата покупка", validUntil),
              "fa", words("هدیه‌ای برای شما", "۵ تخفیف برای خرید بعدی", validUntil),
              "zh-TW", words("送您的禮物", "下次購物折抵 5 元", validUntil));
      long setupStarted = System.nanoTime();
      List<String> warmShoppers = shoppers(tailor, "W", warmup);
      List<String> measuredShoppers = shoppers(tailor, "M", messages);
      List<String> overlapShoppers = overlap ? shoppers(tailor, "O", messages) : List.of();
      JsonLine.of("message-send-setup")
          .add("shoppers", warmShoppers.size() + measuredShoppers.size() + overlapShoppers.size())
          .add("seconds", (System.nanoTime() - setupStarted) / 1e9, 2)
          .add("smtpPort", smtp.getSmtp().getPort())
          .print();

      run(tailor, smtp, offer, warmShoppers, "warmup", 0);
      run(tailor, smtp, offer, measuredShoppers, "measured", warmShoppers.size());
      if (overlap) {
        overlapped(
            tailor,
            smtp,
            offer,
            overlapShoppers,
            "overlap",
            warmShoppers.size() + measuredShoppers.size());
      }
      ProcessMemory.line("message-send-memory").print();
    } finally {
      smtp.stop();
    }
    return 0;
  }

  /** The start of a phase's JSON line: what ran, with which settings. */
  private JsonLine phaseLine(String phase, int messages, boolean overlapped) {
    return JsonLine.of("message-send")
        .add("phase", phase)
        .add("messages", messages)
        .add("renderThreads", renderThreads)
        .add("dispatchers", dispatchers)
        .add("mailboxPerShopper", mailboxPerShopper)
        .add("enqueueBatch", enqueueBatch)
        .add("overlapped", overlapped);
  }

  /** Renders and enqueues every shopper's message on {@code renderThreads} threads of the pool. */
  private void renderAll(
      ExecutorService pool,
      TailorServer tailor,
      MessageTemplates templates,
      Map<String, OfferWords> offer,
      List<String> shoppers,
      String phase)
      throws Exception {
    List<Future<?>> parts = new ArrayList<>();
    for (int t = 0; t < renderThreads; t++) {
      int first = t;
      parts.add(
          pool.submit(
              () -> {
                render(tailor, templates, offer, shoppers, first, phase);
                return null;
              }));
    }
    for (Future<?> part : parts) {
      part.get();
    }
  }

  private void run(
      TailorServer tailor,
      GreenMail smtp,
      Map<String, OfferWords> offer,
      List<String> shoppers,
      String phase,
      int receivedBefore)
      throws Exception {
    MessageTemplates templates = tailor.templates();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(renderThreads, dispatchers));
    try {
      renderAll(pool, tailor, templates, offer, shoppers, phase);
      long rendered = System.nanoTime();
      List<Future<DispatchSummary>> dispatched = new ArrayList<>();
      for (int t = 0; t < dispatchers; t++) {
        dispatched.add(pool.submit(() -> tailor.dispatcher().dispatchAllDue()));
      }
      long delivered = 0;
      long failed = 0;
      for (Future<DispatchSummary> part : dispatched) {
        DispatchSummary summary = part.get();
        delivered += summary.delivered();
        failed += summary.handled() - summary.delivered();
      }
      long done = System.nanoTime();
      int received = checkReceived(smtp, shoppers.size(), delivered, failed, receivedBefore, phase);
      double renderSeconds = (rendered - started) / 1e9;
      double dispatchSeconds = (done - rendered) / 1e9;
      double totalSeconds = (done - started) / 1e9;
      phaseLine(phase, shoppers.size(), false)
          .add("delivered", delivered)
          .add("notDelivered", failed)
          .add("smtpReceived", received)
          .add("renderEnqueueSeconds", renderSeconds, 2)
          .add("renderEnqueuePerSecond", shoppers.size() / renderSeconds, 0)
          .add("dispatchSeconds", dispatchSeconds, 2)
          .add("dispatchPerSecond", delivered / dispatchSeconds, 0)
          .add("totalSeconds", totalSeconds, 2)
          .add("messagesPerSecond", received / totalSeconds, 0)
          .add("cores", Runtime.getRuntime().availableProcessors())
          .print();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Renders and dispatches at once: the renderers write their messages while the dispatchers run
   * passes, each pausing {@code --poll-ms} after a pass that found nothing due, until the renderers
   * are done and a pass started after that finds nothing due.
   */
  private void overlapped(
      TailorServer tailor,
      GreenMail smtp,
      Map<String, OfferWords> offer,
      List<String> shoppers,
      String phase,
      int receivedBefore)
      throws Exception {
    MessageTemplates templates = tailor.templates();
    ExecutorService pool = Executors.newFixedThreadPool(renderThreads + dispatchers);
    AtomicBoolean rendered = new AtomicBoolean();
    try {
      long started = System.nanoTime();
      List<Future<long[]>> dispatched = new ArrayList<>();
      for (int t = 0; t < dispatchers; t++) {
        dispatched.add(
            pool.submit(
                () -> {
                  long delivered = 0;
                  long handled = 0;
                  while (true) {
                    boolean last = rendered.get();
                    DispatchSummary pass = tailor.dispatcher().dispatchAllDue();
                    delivered += pass.delivered();
                    handled += pass.handled();
                    if (pass.handled() == 0) {
                      if (last) {
                        return new long[] {delivered, handled};
                      }
                      Thread.sleep(pollMillis);
                    }
                  }
                }));
      }
      renderAll(pool, tailor, templates, offer, shoppers, phase);
      long renderedAt = System.nanoTime();
      rendered.set(true);
      long delivered = 0;
      long failed = 0;
      for (Future<long[]> part : dispatched) {
        long[] summary = part.get();
        delivered += summary[0];
        failed += summary[1] - summary[0];
      }
      long done = System.nanoTime();
      int received = checkReceived(smtp, shoppers.size(), delivered, failed, receivedBefore, phase);
      double renderSeconds = (renderedAt - started) / 1e9;
      double totalSeconds = (done - started) / 1e9;
      phaseLine(phase, shoppers.size(), true)
          .add("pollMillis", pollMillis)
          .add("delivered", delivered)
          .add("notDelivered", failed)
          .add("smtpReceived", received)
          .add("renderEnqueueSeconds", renderSeconds, 2)
          .add("renderEnqueuePerSecond", shoppers.size() / renderSeconds, 0)
          .add("totalSeconds", totalSeconds, 2)
          .add("messagesPerSecond", received / totalSeconds, 0)
          .add("cores", Runtime.getRuntime().availableProcessors())
          .print();
    } finally {
      rendered.set(true);
      pool.shutdownNow();
    }
  }

  /**
   * What the SMTP server received in this phase, checked: exactly one message per shopper, all
   * delivered, none refused.
   */
  private static int checkReceived(
      GreenMail smtp, int messages, long delivered, long failed, int receivedBefore, String phase) {
    int received = smtp.getReceivedMessages().length - receivedBefore;
    if (received != messages || delivered != messages || failed != 0) {
      throw new IllegalStateException(
          phase
              + ": "
              + messages
              + " messages, but "
              + delivered
              + " delivered, "
              + failed
              + " not delivered and "
              + received
              + " received by the SMTP server");
    }
    return received;
  }

  /**
   * Renders the messages of every {@code --render-threads}th shopper from {@code first} on, and
   * writes them to the outbox {@code --enqueue-batch} at a time.
   */
  private void render(
      TailorServer tailor,
      MessageTemplates templates,
      Map<String, OfferWords> offer,
      List<String> shoppers,
      int first,
      String phase) {
    List<OutgoingMessage> batch = new ArrayList<>(enqueueBatch);
    for (int i = first; i < shoppers.size(); i += renderThreads) {
      OutgoingMessage message = message(tailor, templates, offer, shoppers.get(i), i, phase);
      if (enqueueBatch == 1) {
        tailor.outbox().enqueue(message);
        continue;
      }
      batch.add(message);
      if (batch.size() == enqueueBatch) {
        tailor.outbox().enqueueAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      tailor.outbox().enqueueAll(batch);
    }
  }

  private static OutgoingMessage message(
      TailorServer tailor,
      MessageTemplates templates,
      Map<String, OfferWords> offer,
      String loyaltyId,
      int index,
      String phase) {
    String language = LANGUAGES.get(index % LANGUAGES.size());
    RenderedMessage rendered =
        templates.render(
            "birthday",
            new TemplateInput(
                loyaltyId,
                Optional.of(NAMES.get(index % NAMES.size())),
                language,
                ZoneId.of("Europe/Madrid"),
                List.of(offer.get(language)),
                Map.of(
                    "unsubscribe_url",
                    tailor.unsubscribeLinks().unsubscribe(loyaltyId, "email", "offers").toString()),
                Optional.empty()));
    return new OutgoingMessage(
        "bench-" + phase + "-" + index,
        loyaltyId,
        "email",
        "offers",
        address(loyaltyId),
        rendered.subject(),
        rendered.body(),
        List.of("gift-5"),
        "bench");
  }

  private static OfferWords words(String headline, String body, Instant validUntil) {
    return new OfferWords(
        "gift-5",
        headline,
        body,
        Optional.empty(),
        Optional.of(new BigDecimal("5.00")),
        validUntil);
  }

  private static String address(String loyaltyId) {
    return loyaltyId.toLowerCase(java.util.Locale.ROOT) + "@shoppers.example";
  }

  /** Shoppers with an email address and a confirmed double opt-in (which grants the consent). */
  private static List<String> shoppers(TailorServer tailor, String prefix, int count) {
    List<String> ids = new ArrayList<>(count);
    Instant now = Instant.now();
    tailor
        .database()
        .inTransaction(
            session ->
                Jdbc.on(
                    session,
                    c -> {
                      for (int i = 0; i < count; i++) {
                        String loyaltyId = "BENCH-" + prefix + "-" + i;
                        long id =
                            Jdbc.insert(
                                c,
                                "INSERT INTO shopper (loyalty_id, first_name, last_name, language,"
                                    + " birthday, created_at, updated_at)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                                loyaltyId,
                                NAMES.get(i % NAMES.size()),
                                "Bench",
                                LANGUAGES.get(i % LANGUAGES.size()),
                                LocalDate.of(1985, 3, 14),
                                now,
                                now);
                        Jdbc.insert(
                            c,
                            "INSERT INTO shopper_identifier (shopper_id, kind, identifier_value,"
                                + " created_at) VALUES (?, 'email', ?, ?)",
                            id,
                            address(loyaltyId),
                            now);
                        ids.add(loyaltyId);
                      }
                      return null;
                    }));
    EmailOptIn optIn =
        new EmailOptIn(
            tailor.database(), tailor.shoppers(), Duration.ofDays(7), java.time.Clock.systemUTC());
    for (String loyaltyId : ids) {
      optIn.confirm(optIn.request(loyaltyId, address(loyaltyId)).token());
    }
    return ids;
  }
}
