package org.tailor.agent.display;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tailor.agent.i18n.Texts;
import org.tailor.agent.terminal.IdentifyOutcome;
import org.tailor.agent.terminal.Terminal;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.TerminalConfig;

/**
 * The kiosk's local full-screen page, served on 127.0.0.1 only to the kiosk's own browser (JDK HTTP
 * server; every asset comes from the agent's jar, nothing from the internet).
 *
 * <ul>
 *   <li>{@code GET /}: "scan your card" in the terminal's language ({@code ?lang=fa} previews
 *       another)
 *   <li>{@code POST /identify} (form field {@code input}): identifies the shopper and shows their
 *       offers in their language, or a message saying what to do
 *   <li>{@code GET /assets/…}: the page's style sheet and script
 * </ul>
 */
public final class KioskPage implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(KioskPage.class.getName());
  private static final int MAX_FORM_BYTES = 4096;
  private static final Map<String, String> ASSETS =
      Map.of(
          "/assets/kiosk.css", "text/css; charset=utf-8",
          "/assets/kiosk.js", "text/javascript; charset=utf-8");

  private final Terminal terminal;
  private final OfferScreens screens;
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Binds the page to 127.0.0.1.
   *
   * @param terminal the terminal the page is the face of
   * @param port the port, or 0 for any free one
   */
  public KioskPage(Terminal terminal, int port) throws IOException {
    this.terminal = terminal;
    this.screens = new OfferScreens(ZoneId.systemDefault());
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
    this.executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "tailor-kiosk-page");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving. */
  public void start() {
    server.start();
  }

  /** Where the kiosk's browser opens the page. */
  public URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/") && method.equals("GET")) {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        Texts texts = texts(query.get("lang"));
        send(
            exchange,
            200,
            "text/html; charset=utf-8",
            html(screens.start(texts, idle(), Optional.empty())));
      } else if (path.equals("/identify") && method.equals("POST")) {
        identify(exchange);
      } else if (ASSETS.containsKey(path) && method.equals("GET")) {
        send(exchange, 200, ASSETS.get(path), asset(path));
      } else if (path.equals("/") || path.equals("/identify") || ASSETS.containsKey(path)) {
        exchange.getResponseHeaders().set("Allow", path.equals("/identify") ? "POST" : "GET");
        send(exchange, 405, "text/plain; charset=utf-8", html("method not allowed"));
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", html("not found: " + path));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "kiosk page failed", e);
      throw e;
    }
  }

  private void identify(HttpExchange exchange) throws IOException {
    byte[] body = readLimited(exchange.getRequestBody());
    if (body == null) {
      Texts texts = texts(null);
      send(
          exchange,
          413,
          "text/html; charset=utf-8",
          html(
              screens.start(
                  texts, idle(), Optional.of(texts.get("input.tooLong", MAX_FORM_BYTES, 512)))));
      return;
    }
    Map<String, String> form = form(new String(body, StandardCharsets.US_ASCII));
    IdentifyOutcome outcome = terminal.identify(form.getOrDefault("input", ""));
    if (outcome instanceof IdentifyOutcome.Offers offers) {
      OffersReply reply = offers.reply();
      String shopperLanguage = reply.shopper() == null ? null : reply.shopper().language();
      Texts texts = Texts.closestTo(shopperLanguage, config().language());
      send(exchange, 200, "text/html; charset=utf-8", html(screens.offers(texts, idle(), reply)));
      terminal.presentationShown(reply);
    } else {
      Texts texts = texts(form.get("lang"));
      send(
          exchange,
          200,
          "text/html; charset=utf-8",
          html(screens.refused(texts, idle(), (IdentifyOutcome.Refused) outcome)));
    }
  }

  private TerminalConfig config() {
    return terminal.config();
  }

  private int idle() {
    return config().idleSeconds();
  }

  private Texts texts(String requested) {
    String fallback =
        Texts.supported(config().language()).orElse(terminal.settings().defaultLanguage());
    return Texts.closestTo(requested, fallback);
  }

  private static byte[] html(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] asset(String path) throws IOException {
    try (InputStream in = KioskPage.class.getResourceAsStream(path.substring(1))) {
      if (in == null) {
        throw new IOException("asset missing from the jar: " + path);
      }
      return in.readAllBytes();
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    int read;
    while ((read = in.read(buffer)) != -1) {
      out.write(buffer, 0, read);
      if (out.size() > MAX_FORM_BYTES) {
        return null;
      }
    }
    return out.toByteArray();
  }

  /** Parses {@code a=1&b=2} (URL-encoded UTF-8). */
  static Map<String, String> form(String encoded) {
    Map<String, String> fields = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return fields;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        fields.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        fields.putIfAbsent(name, value); // a stray % is taken literally and then classified
      }
    }
    return fields;
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
