package org.tailor.channel.kiosk;

import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tailor.bench.JsonLine;
import org.tailor.terminal.protocol.IdentifyRequest;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.ShopperGreeting;

/**
 * CPU per identify spent in the kiosk channel itself, outside the decision: reading the payload
 * ({@link PayloadReader#identify}), the greeting's writing direction and writing a three-offer
 * reply with JSON-B, in process, on one thread. Prints one JSON line per part, in CPU µs per
 * message (thread CPU time, so other load on the machine counts little).
 *
 * <p>Run: {@code java -cp bench/target/tailor-bench.jar:bench/target/lib/*
 * org.tailor.channel.kiosk.KioskMessageCpuBenchmark [messages]}
 */
public final class KioskMessageCpuBenchmark {

  private KioskMessageCpuBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Jsonb jsonb = JsonbBuilder.create();
    PayloadReader reader = new PayloadReader(Json.createReaderFactory(Map.of()), jsonb, 4096);
    byte[][] payloads = new byte[1024][];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] =
          ("{\"messageId\":\"m-"
                  + i
                  + "\",\"identifier\":{\"type\":\"loyalty\",\"value\":\"L"
                  + (100_000 + i)
                  + "\"},\"language\":\"en\",\"maxOffers\":3,\"sentAt\":\"2026-11-27T00:1"
                  + (i % 10)
                  + ":0"
                  + (i % 10)
                  + "."
                  + (100 + i % 900)
                  + "Z\"}")
              .getBytes(StandardCharsets.UTF_8);
    }
    List<OfferView> offers =
        List.of(
            new OfferView(
                "spring-10", 1, "10 % off", "On coffee", new BigDecimal("10"), null, instant()),
            new OfferView("tea-2", 2, "2 € off", "On tea", null, new BigDecimal("2.00"), instant()),
            new OfferView("cake", 3, "Cake", "Free cake", new BigDecimal("100"), null, instant()));
    String[] languages = {"en", "es", "bg", "fa", "zh-TW"};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int round = 0; round < 3; round++) { // the last round counts; the others warm up
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < messages; i++) {
        IdentifyRequest request = reader.identify(payloads[i & 1023]);
        sink += request.maxOffers() + request.sentAt().getNano();
      }
      long read = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < messages; i++) {
        sink += TerminalMessages.isRightToLeft(languages[i % languages.length]) ? 1 : 0;
      }
      long direction = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < messages; i++) {
        OffersReply reply =
            new OffersReply(
                "m-" + (i & 1023),
                "p-" + i,
                new ShopperGreeting(true, "Ana", "en", false),
                false,
                offers,
                "EUR",
                null,
                instant());
        sink += jsonb.toJson(reply).getBytes(StandardCharsets.UTF_8).length;
      }
      long written = threads.getCurrentThreadCpuTime();
      if (round == 2) {
        print("kiosk-identify-read", read - start, messages);
        print("kiosk-right-to-left", direction - read, messages);
        print("kiosk-offers-reply-write", written - direction, messages);
      }
    }
    System.err.println("(checksum " + sink + ")");
  }

  private static Instant instant() {
    return Instant.parse("2026-11-27T00:19:00.123Z");
  }

  private static void print(String part, long cpuNanos, int messages) {
    JsonLine.of(part)
        .add("messages", messages)
        .add("cpuMicrosPerMessage", cpuNanos / 1000.0 / messages, 2)
        .add("loadAverage", loadAverage())
        .print();
  }

  private static String loadAverage() {
    return String.format(
        java.util.Locale.ROOT,
        "%.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
