package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports UI over real HTTP, without a browser: sign-in, scope, CSRF, exports, errors. */
class ReportsWebTest {

  @TempDir static Path dir;
  private static ReportsTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new ReportsTestServer(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A browser-like client with its own cookies that does not follow redirects. */
  private static final class Visitor {
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return client.send(
          HttpRequest.newBuilder(server.reports().resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
      return client.send(
          HttpRequest.newBuilder(server.reports().resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, Map<String, String> form)
        throws IOException, InterruptedException {
      String body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      return client.send(
          HttpRequest.newBuilder(server.reports().resolve(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    String csrf(String html) {
      Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
      assertThat(m.find()).as("a CSRF field in the page").isTrue();
      return m.group(1);
    }

    Visitor signIn(String username) throws IOException, InterruptedException {
      return signIn(username, ReportsTestServer.PASSWORD);
    }

    Visitor signIn(String username, String password) throws IOException, InterruptedException {
      String token = csrf(get("login").body());
      HttpResponse<String> response =
          post("login", Map.of("csrf", token, "username", username, "password", password));
      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/overview");
      return this;
    }
  }

  @Test
  void pagesNeedASignIn() throws Exception {
    HttpResponse<String> response = new Visitor().get("overview");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/reports/login");
  }

  @Test
  void sessionCookieIsHttpOnlyAndStrict() throws Exception {
    HttpResponse<String> response = new Visitor().get("login");
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("TAILOR_SESSION=")
        .contains("HttpOnly")
        .contains("SameSite=Strict");
    assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'");
  }

  @Test
  void refusesAFormWithoutTheCsrfToken() throws Exception {
    Visitor visitor = new Visitor();
    visitor.get("login");
    HttpResponse<String> response =
        visitor.post("login", Map.of("username", "maria", "password", ReportsTestServer.PASSWORD));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(visitor.get("overview").statusCode()).isEqualTo(302);
  }

  @Test
  void wrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() throws Exception {
    Visitor visitor = new Visitor();
    String token = visitor.csrf(visitor.get("login").body());
    HttpResponse<String> response =
        visitor.post(
            "login", Map.of("csrf", token, "username", "maria", "password", "wrong password!"));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("The username or password is wrong");
  }

  @Test
  void storeManagerSeesOnlyTheirStore() throws Exception {
    Visitor maria = new Visitor().signIn("maria");
    HttpResponse<String> overview = maria.get("overview");
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("Northgate (north-1)").doesNotContain("Southport");
    assertThat(maria.get("overview?store=" + server.chain.southOne).statusCode()).isEqualTo(404);
    String stores = maria.get("stores").body();
    assertThat(stores).contains("north-1").doesNotContain("north-2").doesNotContain("t2a");
    assertThat(maria.get("admin").statusCode()).isEqualTo(403);
  }

  @Test
  void regionalManagerSeesTheStoresOfTheRegionInPersian() throws Exception {
    Visitor nadia = new Visitor().signIn("nadia");
    String stores = nadia.get("stores").body();
    assertThat(stores).contains("dir=\"rtl\"").contains("lang=\"fa\"");
    assertThat(stores).contains("north-1").contains("north-2").doesNotContain("south-1");
  }

  @Test
  void offerReportExportsAsCsvAndPdf() throws Exception {
    Visitor maria = new Visitor().signIn("maria");
    HttpResponse<String> page = maria.get("offers/" + server.chain.coffee);
    assertThat(page.body()).contains("Coffee 10 % off").contains("chart-uplift");

    HttpResponse<String> csv = maria.get("offers/" + server.chain.coffee + "?format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.body())
        .startsWith("report,offer-coffee-10,")
        .contains("figures,Response uplift,")
        .contains("response_uplift");

    HttpResponse<byte[]> pdf = maria.getBytes("offers/" + server.chain.coffee + "?format=pdf");
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }

  @Test
  void everyReportPageRendersAndExports() throws Exception {
    Visitor admin = new Visitor().signIn("admin");
    for (String page :
        new String[] {
          "overview",
          "offers",
          "offers?sort=top",
          "offers?sort=worst",
          "stores",
          "tiers",
          "campaigns"
        }) {
      HttpResponse<String> html = admin.get(page);
      assertThat(html.statusCode()).as(page).isEqualTo(200);
      assertThat(html.body()).as(page).contains("<table");
      String sep = page.contains("?") ? "&" : "?";
      assertThat(admin.get(page + sep + "format=csv").body()).as(page).startsWith("report,");
      assertThat(admin.getBytes(page + sep + "format=pdf").body()).as(page).isNotEmpty();
    }
    assertThat(admin.get("stores").body()).contains("Stopped reporting").contains("south-1");
  }

  @Test
  void badPeriodNamesTheFieldAndTheValue() throws Exception {
    Visitor maria = new Visitor().signIn("maria");
    HttpResponse<String> response = maria.get("overview?from=2026-13-01");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("from").contains("2026-13-01").contains("YYYY-MM-DD");
    assertThat(maria.get("offers?sort=best").body()).contains("sort").contains("shown, top, worst");
    assertThat(maria.get("overview?format=xls").statusCode()).isEqualTo(400);
  }

  @Test
  void adminCreatesAUserWithAValidatedForm() throws Exception {
    Visitor admin = new Visitor().signIn("admin");
    String token = admin.csrf(admin.get("admin").body());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("csrf", token);
    form.put("username", "sam");
    form.put("displayName", "Sam South");
    form.put("password", "short");
    form.put("role", "store_manager");
    form.put("stores", "south-1");
    form.put("language", "es");
    HttpResponse<String> refused = admin.post("admin/users", form);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("password").contains("12");

    form.put("password", "a long enough password");
    HttpResponse<String> created = admin.post("admin/users", form);
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body()).contains("User sam was created");
    String stores = new Visitor().signIn("sam", "a long enough password").get("stores").body();
    assertThat(stores).contains("south-1").doesNotContain("north-1").contains("lang=\"es\"");
  }

  @Test
  void chartLibraryIsServedFromTheJar() throws Exception {
    HttpResponse<String> chart = new Visitor().get("assets/chart.umd.js");
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart.js");
    assertThat(new Visitor().get("assets/logback.xml").statusCode()).isEqualTo(404);
  }
}
