package org.tailor.server.reports;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import org.tailor.server.access.ApiKeyInfo;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.IssuedApiKey;
import org.tailor.server.access.NewUser;
import org.tailor.server.access.ReportUser;
import org.tailor.server.access.Role;
import org.tailor.server.access.UserRole;
import org.tailor.server.access.UserService;
import org.tailor.server.i18n.Message;
import org.tailor.server.i18n.Messages;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * The reports UI under {@code /reports}: sign-in with a session cookie, the report pages, their CSV
 * and PDF exports ({@code ?format=csv|pdf}), user and API key administration for admins, and the
 * static assets (Chart.js from its WebJar, our CSS and script) from the jar.
 *
 * <p>Every form that changes something carries a per-session CSRF token that is checked before
 * anything else; the session id changes at sign-in; pages send a Content-Security-Policy that
 * allows scripts and styles only from this server.
 */
final class ReportsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String SESSION_USER = "tailor.user";
  static final String SESSION_CSRF = "tailor.csrf";
  static final String SESSION_LANGUAGE = "tailor.lang";
  private static final int MAX_DAYS = 731;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final transient ReportQueries queries;
  private final transient UserService users;
  private final transient ApiKeyService keys;
  private final transient ReportsSettings settings;
  private final transient Clock clock;
  private final transient Configuration templates;
  private final transient ReportAssets assets;

  ReportsServlet(
      ReportQueries queries,
      UserService users,
      ApiKeyService keys,
      ReportsSettings settings,
      Clock clock,
      Configuration templates,
      ReportAssets assets) {
    this.queries = queries;
    this.users = users;
    this.keys = keys;
    this.settings = settings;
    this.clock = clock;
    this.templates = templates;
    this.assets = assets;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
    if (path.startsWith("/assets/")) {
      assets.serve(path.substring("/assets/".length()), response);
      return;
    }
    securityHeaders(response);
    boolean post = "POST".equals(request.getMethod());
    if (!post && !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    Locale locale = locale(request, Optional.empty());
    try {
      if (post && !csrfMatches(request)) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        render(
            response,
            "error.ftlh",
            request,
            locale,
            Optional.empty(),
            Map.of("message", text(locale).get("error.csrf")));
        return;
      }
      if (path.equals("/login")) {
        login(request, response, post, locale);
        return;
      }
      Optional<ReportUser> user = signedIn(request);
      if (user.isEmpty()) {
        response.sendRedirect(request.getContextPath() + "/login");
        return;
      }
      locale = locale(request, user);
      if (path.equals("/logout") && post) {
        request.getSession().invalidate();
        response.sendRedirect(request.getContextPath() + "/login");
        return;
      }
      if (path.equals("/") || path.isEmpty()) {
        response.sendRedirect(request.getContextPath() + "/overview");
        return;
      }
      if (path.startsWith("/admin")) {
        if (!user.get().isAdmin()) {
          response.setStatus(HttpServletResponse.SC_FORBIDDEN);
          render(
              response,
              "error.ftlh",
              request,
              locale,
              user,
              Map.of("message", text(locale).get("error.forbidden")));
          return;
        }
        admin(request, response, path, post, locale, user.get());
        return;
      }
      if (post) {
        response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        return;
      }
      report(request, response, path, locale, user.get());
    } catch (InvalidInputException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      render(
          response,
          "error.ftlh",
          request,
          locale,
          signedIn(request),
          Map.of("message", e.describe(locale)));
    } catch (NotFoundException | PageNotFound e) {
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      render(
          response,
          "error.ftlh",
          request,
          locale,
          signedIn(request),
          Map.of("message", text(locale).get("error.not.found")));
    }
  }

  private void login(
      HttpServletRequest request, HttpServletResponse response, boolean post, Locale locale)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    if (post) {
      String username = Optional.ofNullable(request.getParameter("username")).orElse("");
      Optional<ReportUser> user =
          users.authenticate(
              username, Optional.ofNullable(request.getParameter("password")).orElse(""));
      if (user.isPresent()) {
        HttpSession session = request.getSession();
        request.changeSessionId();
        session.setAttribute(SESSION_USER, user.get().id());
        session.setAttribute(SESSION_CSRF, newToken());
        response.sendRedirect(request.getContextPath() + "/overview");
        return;
      }
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      model.put("failed", true);
      model.put("username", username);
    }
    render(response, "login.ftlh", request, locale, Optional.empty(), model);
  }

  private void report(
      HttpServletRequest request,
      HttpServletResponse response,
      String path,
      Locale locale,
      ReportUser user)
      throws IOException {
    ReportText text = text(locale);
    Optional<Long> storeId = optionalLong(request, "store");
    if (storeId.isPresent() && !user.scope().includes(storeId.get())) {
      throw new NotFoundException("kind.store", String.valueOf(storeId.get()));
    }
    LocalDate latest = queries.latestDay(user.scope()).orElse(ReportPages.today(clock.instant()));
    LocalDate to = date(request, "to").orElse(latest);
    LocalDate from = date(request, "from").orElse(to.minusDays(settings.defaultDays() - 1L));
    if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new InvalidInputException(
          "from", from.toString(), Message.of("reports", "expected.period", to, MAX_DAYS));
    }
    ReportFilter filter = new ReportFilter(from, to, storeId, user.scope());
    String base = request.getContextPath();
    ReportLinks links = new ReportLinks(base, from, to, storeId);
    ReportPages pages = new ReportPages(queries, text, filter, links, settings.pageSize());
    int page = positive(request, "page");
    ReportView view;
    String active;
    if (path.equals("/overview")) {
      view = pages.overview();
      active = "overview";
    } else if (path.equals("/offers")) {
      OfferOrder order =
          Optional.ofNullable(request.getParameter("sort"))
              .map(
                  s ->
                      OfferOrder.fromId(s)
                          .orElseThrow(
                              () ->
                                  new InvalidInputException(
                                      "sort",
                                      s,
                                      Message.of(
                                          "errors", "expected.one.of", "shown, top, worst"))))
              .orElse(OfferOrder.SHOWN);
      view = pages.offers(order, page);
      active = "offers-" + order.id();
    } else if (path.startsWith("/offers/")) {
      long offerId = parseId("offer", path.substring("/offers/".length()));
      view = pages.offer(offerId);
      active = "offers-shown";
    } else if (path.equals("/stores")) {
      view =
          pages.stores(
              page,
              positive(request, "tpage"),
              clock.instant().minus(settings.staleTerminalAfter()));
      active = "stores";
    } else if (path.equals("/tiers")) {
      view = pages.tiers();
      active = "tiers";
    } else if (path.equals("/campaigns")) {
      view = pages.campaigns(page);
      active = "campaigns";
    } else {
      throw new PageNotFound();
    }
    String format = Optional.ofNullable(request.getParameter("format")).orElse("html");
    String file =
        "tailor-" + view.kind().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + from + "-" + to;
    switch (format) {
      case "csv" -> {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + ".csv\"");
        try (OutputStream out = response.getOutputStream()) {
          ReportExport.csv(view, out);
        }
      }
      case "pdf" -> {
        response.setContentType("application/pdf");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + ".pdf\"");
        try (OutputStream out = response.getOutputStream()) {
          ReportExport.pdf(view, out);
        }
      }
      case "html" -> {
        Map<String, Object> model = new HashMap<>();
        model.put("view", view);
        model.put("active", active);
        model.put("from", from.toString());
        model.put("to", to.toString());
        model.put("storeId", storeId.map(String::valueOf).orElse(""));
        List<Map<String, String>> stores = new ArrayList<>();
        for (String[] store : queries.visibleStores(user.scope(), 500)) {
          stores.add(Map.of("id", store[0], "code", store[1], "name", store[2]));
        }
        model.put("stores", stores);
        String here =
            request.getRequestURI()
                + Optional.ofNullable(request.getQueryString()).map(q -> "?" + q).orElse("");
        model.put("csvHref", ReportLinks.export(here, "csv"));
        model.put("pdfHref", ReportLinks.export(here, "pdf"));
        model.put("links", navigation(links));
        render(response, "report.ftlh", request, locale, Optional.of(user), model);
      }
      default ->
          throw new InvalidInputException(
              "format", format, Message.of("errors", "expected.one.of", "html, csv, pdf"));
    }
  }

  private static Map<String, String> navigation(ReportLinks links) {
    Map<String, String> nav = new LinkedHashMap<>();
    nav.put("overview", links.overview());
    nav.put("offers-shown", links.offers(OfferOrder.SHOWN, 1));
    nav.put("offers-top", links.offers(OfferOrder.TOP, 1));
    nav.put("offers-worst", links.offers(OfferOrder.WORST, 1));
    nav.put("stores", links.stores(1, 1));
    nav.put("tiers", links.tiers());
    nav.put("campaigns", links.campaigns(1));
    return nav;
  }

  private void admin(
      HttpServletRequest request,
      HttpServletResponse response,
      String path,
      boolean post,
      Locale locale,
      ReportUser user)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    if (post) {
      switch (path) {
        case "/admin/users" -> {
          String role = Optional.ofNullable(request.getParameter("role")).orElse("");
          String stores = Optional.ofNullable(request.getParameter("stores")).orElse("");
          ReportUser created =
              users.create(
                  new NewUser(
                      request.getParameter("username"),
                      request.getParameter("displayName"),
                      request.getParameter("password"),
                      UserRole.fromId(role)
                          .orElseThrow(
                              () ->
                                  new InvalidInputException(
                                      "role",
                                      role,
                                      Message.of("errors", "expected.one.of", UserRole.allIds()))),
                      blank(request.getParameter("region")),
                      stores.isBlank() ? List.of() : List.of(stores.split("\\s*,\\s*")),
                      Optional.ofNullable(request.getParameter("language")).orElse("en"),
                      blank(request.getParameter("email"))));
          model.put("notice", text(locale).get("admin.user.created", created.username()));
        }
        case "/admin/users/disable" -> {
          users.disable(Objects.requireNonNullElse(request.getParameter("username"), ""));
          model.put(
              "notice", text(locale).get("admin.user.disabled", request.getParameter("username")));
        }
        case "/admin/keys" -> {
          String role = Optional.ofNullable(request.getParameter("role")).orElse("");
          IssuedApiKey issued =
              keys.create(
                  request.getParameter("name"),
                  Role.fromId(role)
                      .orElseThrow(
                          () ->
                              new InvalidInputException(
                                  "role",
                                  role,
                                  Message.of("errors", "expected.one.of", Role.allIds()))),
                  blank(request.getParameter("store")));
          model.put("notice", text(locale).get("admin.key.created", issued.info().name()));
          model.put("secret", issued.secret());
        }
        case "/admin/keys/revoke" -> {
          ApiKeyInfo revoked =
              keys.revoke(Objects.requireNonNullElse(request.getParameter("name"), ""));
          model.put("notice", text(locale).get("admin.key.revoked", revoked.name()));
        }
        default -> throw new PageNotFound();
      }
    } else if (!path.equals("/admin")) {
      throw new PageNotFound();
    }
    model.put("users", users.list());
    model.put("keys", keys.list());
    model.put("userRoles", List.of(UserRole.values()).stream().map(UserRole::id).toList());
    model.put("keyRoles", List.of(Role.values()).stream().map(Role::id).toList());
    model.put("active", "admin");
    render(response, "admin.ftlh", request, locale, Optional.of(user), model);
  }

  private void render(
      HttpServletResponse response,
      String templateName,
      HttpServletRequest request,
      Locale locale,
      Optional<ReportUser> user,
      Map<String, Object> model)
      throws IOException {
    Map<String, Object> all = new HashMap<>(model);
    HttpSession session = request.getSession();
    String csrf = (String) session.getAttribute(SESSION_CSRF);
    if (csrf == null) {
      csrf = newToken();
      session.setAttribute(SESSION_CSRF, csrf);
    }
    all.put("csrf", csrf);
    all.put("msg", words(locale));
    all.put("lang", locale.toLanguageTag());
    all.put("dir", Messages.isRightToLeft(locale) ? "rtl" : "ltr");
    all.put("languages", Messages.SHIPPED_LANGUAGES);
    all.put("base", request.getContextPath());
    all.put("chartScript", assets.chartScriptPath());
    all.putIfAbsent("active", "");
    user.ifPresent(
        u -> {
          all.put("userName", u.displayName());
          all.put("isAdmin", u.isAdmin());
        });
    all.putIfAbsent("userName", "");
    all.putIfAbsent("isAdmin", false);
    response.setContentType("text/html; charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    Template template = templates.getTemplate(templateName);
    try (Writer writer = response.getWriter()) {
      template.process(all, writer);
    } catch (TemplateException e) {
      throw new IOException("template " + templateName + " failed", e);
    }
  }

  private Optional<ReportUser> signedIn(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(SESSION_USER) instanceof Long id)) {
      return Optional.empty();
    }
    Optional<ReportUser> user = users.find(id);
    if (user.isEmpty()) {
      session.invalidate();
    }
    return user;
  }

  private static boolean csrfMatches(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String expected = session == null ? null : (String) session.getAttribute(SESSION_CSRF);
    String given = request.getParameter("csrf");
    return expected != null
        && given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            given.getBytes(StandardCharsets.US_ASCII));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Locale locale(HttpServletRequest request, Optional<ReportUser> user) {
    String chosen = request.getParameter("lang");
    HttpSession session = request.getSession();
    if (chosen != null && Messages.SHIPPED_LANGUAGES.contains(chosen)) {
      session.setAttribute(SESSION_LANGUAGE, chosen);
    }
    Object remembered = session.getAttribute(SESSION_LANGUAGE);
    if (remembered instanceof String tag) {
      return Locale.forLanguageTag(tag);
    }
    if (user.isPresent()) {
      return Locale.forLanguageTag(user.get().language());
    }
    Enumeration<Locale> accepted = request.getLocales();
    while (accepted.hasMoreElements()) {
      Locale candidate = accepted.nextElement();
      for (String shipped : Messages.SHIPPED_LANGUAGES) {
        Locale tag = Locale.forLanguageTag(shipped);
        if (tag.getLanguage().equals(candidate.getLanguage())) {
          return tag;
        }
      }
    }
    return Locale.ENGLISH;
  }

  private static ReportText text(Locale locale) {
    return new ReportText(locale);
  }

  /** Every text of the reports bundle in this language, for the templates. */
  private static Map<String, String> words(Locale locale) {
    ResourceBundle bundle =
        ResourceBundle.getBundle(
            "i18n.reports",
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    Map<String, String> words = new HashMap<>();
    for (String key : bundle.keySet()) {
      words.put(key, bundle.getString(key));
    }
    return words;
  }

  private static void securityHeaders(HttpServletResponse response) {
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Cache-Control", "no-store");
  }

  private static Optional<LocalDate> date(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value.strip()));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(name, value, Message.of("errors", "expected.date"));
    }
  }

  private static Optional<Long> optionalLong(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(parseId(name, value));
  }

  private static long parseId(String name, String value) {
    try {
      long id = Long.parseLong(value.strip());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        name, value, Message.of("errors", "expected.integer.range", 1, Long.MAX_VALUE));
  }

  private static int positive(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return 1;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= 1 && number <= 1_000_000) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        name, value, Message.of("errors", "expected.integer.range", 1, 1_000_000));
  }

  private static Optional<String> blank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** A path under {@code /reports} that is no page. */
  private static final class PageNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Reads a classpath resource fully (for tests and the assets). */
  static byte[] resource(String name) throws IOException {
    try (InputStream in = ReportsServlet.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
