package org.tailor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.Role;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/** The HTTP edge on a real Jetty, with keys in a real H2 database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {

  private static final String ORDERS = "api/v1/test/orders";
  private static final long BODY_LIMIT = 4096;
  private static final long IMPORT_LIMIT = 65536;
  private static final String VALID_ORDER =
      """
      {"customer": "Ana", "quantity": 2, "deliverOn": "2024-05-01",
       "address": {"street": "Calle Mayor 1", "postcode": "28013"}}
      """;

  @TempDir static Path dir;

  private Database database;
  private HttpApi api;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicBoolean pluginsUp = new AtomicBoolean(true);
  private String adminKey;
  private String integratorKey;
  private String managerKey;
  private String revokedKey;

  @BeforeAll
  void start() {
    database = Database.open(TestDatabases.h2(dir));
    ApiKeyService keys = new ApiKeyService(database);
    adminKey = keys.create("admin", Role.ADMIN, Optional.empty()).secret();
    integratorKey = keys.create("pos", Role.INTEGRATOR, Optional.empty()).secret();
    managerKey = keys.create("manager", Role.STORE_MANAGER, Optional.empty()).secret();
    revokedKey = keys.create("old", Role.ADMIN, Optional.empty()).secret();
    keys.revoke("old");
    api =
        HttpApi.start(
            HttpApiSettings.local(0).withBodyLimits(BODY_LIMIT, IMPORT_LIMIT),
            List.of(new SampleOrderResource(), SampleOrderResource.SampleImportResource.class),
            keys,
            HealthCheck.database(database.dataSource()),
            HealthCheck.of(
                "plugins",
                () -> {
                  if (!pluginsUp.get()) {
                    throw new IllegalStateException("plugin host stopped");
                  }
                  return "2 plugins active";
                }));
  }

  @AfterAll
  void stop() {
    api.close();
    database.close();
  }

  @Test
  void bindsToTheChosenPort() {
    assertThat(api.port()).isPositive();
    assertThat(api.uri().toString()).isEqualTo("http://127.0.0.1:" + api.port() + "/");
  }

  @Nested
  class JsonBodies {

    @Test
    void acceptsAValidBodyAndAnswersWithIsoDatesAndNoNulls() throws Exception {
      HttpResponse<String> response = post(ORDERS, VALID_ORDER, adminKey);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = json(response);
      assertThat(body.getString("deliverOn")).isEqualTo("2024-05-01");
      assertThat(body.getInt("quantity")).isEqualTo(2);
      assertThat(body.getJsonObject("address").getString("postcode")).isEqualTo("28013");
      assertThat(body).doesNotContainKey("note");
    }

    @Test
    void refusesMalformedJsonNamingLineColumnAndField() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, "{\"customer\": \"Ana\",\n \"quantity\": 2,,\n}", adminKey);
      assertProblem(response, 400, "/problems/malformed-json");
      JsonObject problem = json(response);
      assertThat(problem.getInt("line")).isEqualTo(2);
      assertThat(problem.getInt("column")).isPositive();
      assertThat(problem.getString("field")).isEqualTo("quantity");
      assertThat(problem.getString("detail")).contains("line 2").contains("quantity");
    }

    @Test
    void refusesTruncatedJson() throws Exception {
      HttpResponse<String> response = post(ORDERS, "{\"customer\": \"An", adminKey);
      assertProblem(response, 400, "/problems/malformed-json");
      assertThat(json(response).getString("field")).isEqualTo("customer");
    }

    @Test
    void refusesTextWhereANumberIsExpectedNamingFieldAndValue() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": \"many\""), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      JsonObject problem = json(response);
      assertThat(problem.getString("field")).isEqualTo("quantity");
      assertThat(problem.getString("value")).isEqualTo("many");
      assertThat(problem.getString("expected")).contains("whole number");
      assertThat(problem.getString("detail")).contains("quantity").contains("many");
    }

    @Test
    void refusesAFractionForAWholeNumber() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": 2.5"), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      assertThat(json(response).getString("value")).isEqualTo("2.5");
    }

    @Test
    void refusesABadDateNamingFieldValueAndFormat() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, VALID_ORDER.replace("2024-05-01", "01/05/2024"), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      JsonObject problem = json(response);
      assertThat(problem.getString("field")).isEqualTo("deliverOn");
      assertThat(problem.getString("value")).isEqualTo("01/05/2024");
      assertThat(problem.getString("expected")).contains("YYYY-MM-DD");
    }

    @Test
    void namesTheFullPathOfAWrongTypeInANestedRecord() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, VALID_ORDER.replace("\"28013\"", "28013"), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      JsonObject problem = json(response);
      assertThat(problem.getString("field")).isEqualTo("address.postcode");
      assertThat(problem.getString("value")).isEqualTo("28013");
    }

    @Test
    void refusesAMissingPrimitiveField() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, VALID_ORDER.replace("\"quantity\": 2,", ""), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      JsonObject problem = json(response);
      assertThat(problem.getString("field")).isEqualTo("quantity");
      assertThat(problem).doesNotContainKey("value");
      assertThat(problem.getString("detail")).contains("quantity is missing");
    }

    @Test
    void refusesAMissingFieldTheRecordRequires() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, VALID_ORDER.replace("\"customer\": \"Ana\",", ""), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      assertThat(json(response).getString("field")).isEqualTo("customer");
    }

    @Test
    void namesTheFullPathOfAFieldANestedRecordRefuses() throws Exception {
      HttpResponse<String> response =
          post(ORDERS, VALID_ORDER.replace("\"street\": \"Calle Mayor 1\", ", ""), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      assertThat(json(response).getString("field")).isEqualTo("address.street");
    }

    @Test
    void refusesAWholeNumberTooLargeForItsField() throws Exception {
      HttpResponse<String> response =
          post(
              ORDERS, VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": 3000000000"), adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      assertThat(json(response).getString("expected")).contains("2147483647");
    }

    @Test
    void refusesAnEmptyBody() throws Exception {
      HttpResponse<String> response = post(ORDERS, "", adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      assertThat(json(response).getString("field")).isEqualTo("body");
    }

    @Test
    void refusesAnArrayWhereAnObjectIsExpected() throws Exception {
      HttpResponse<String> response = post(ORDERS, "[1, 2]", adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      assertThat(json(response).getString("expected")).contains("customer");
    }

    @Test
    void refusesAQueryParameterOfTheWrongType() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/search?limit=ten", adminKey);
      assertProblem(response, 400, "/problems/invalid-input");
      JsonObject problem = json(response);
      assertThat(problem.getString("field")).isEqualTo("limit");
      assertThat(problem.getString("value")).isEqualTo("ten");
    }
  }

  @Nested
  class BodyLimits {

    @Test
    void refusesABodyLargerThanTheLimitByItsContentLength() throws Exception {
      HttpResponse<String> response = post(ORDERS, oversizedOrder(), adminKey);
      assertProblem(response, 413, "/problems/body-too-large");
      assertThat(json(response).getInt("limitBytes")).isEqualTo((int) BODY_LIMIT);
    }

    @Test
    void refusesAChunkedBodyLargerThanTheLimitWhileReadingIt() throws Exception {
      byte[] body = oversizedOrder().getBytes(StandardCharsets.UTF_8);
      HttpRequest request =
          request(ORDERS, adminKey)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.request().headers().firstValue("Content-Length")).isEmpty();
      assertProblem(response, 413, "/problems/body-too-large");
    }

    @Test
    void allowsImportsTheirLargerLimit() throws Exception {
      String csv = "x".repeat((int) BODY_LIMIT * 4);
      HttpResponse<String> response = send("api/v1/imports/test", "text/csv", csv, adminKey);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).getInt("bytes")).isEqualTo(csv.length());
    }

    @Test
    void refusesAChunkedImportLargerThanTheImportLimit() throws Exception {
      byte[] csv = "y".repeat((int) IMPORT_LIMIT + 1).getBytes(StandardCharsets.US_ASCII);
      HttpRequest request =
          request("api/v1/imports/test", adminKey)
              .header("Content-Type", "text/csv")
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(csv)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertProblem(response, 413, "/problems/body-too-large");
    }

    private String oversizedOrder() {
      return VALID_ORDER.replace("Ana", "A".repeat((int) BODY_LIMIT));
    }
  }

  @Nested
  class Keys {

    @Test
    void refusesARequestWithoutAKey() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/1", null);
      assertProblem(response, 401, "/problems/unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"tailor\"");
    }

    @Test
    void refusesARevokedKey() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/1", revokedKey);
      assertProblem(response, 401, "/problems/unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("invalid_token");
    }

    @Test
    void refusesAnUnknownKey() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/1", adminKey + "x");
      assertProblem(response, 401, "/problems/unauthorized");
    }

    @Test
    void refusesAKeyWithTheWrongRole() throws Exception {
      HttpResponse<String> response = post(ORDERS, VALID_ORDER, managerKey);
      assertProblem(response, 403, "/problems/forbidden");
      assertThat(json(response).getString("detail"))
          .contains("manager")
          .contains("store_manager")
          .contains("admin, integrator");
    }

    @Test
    void acceptsAKeyWithTheRightRoleAndTellsTheResourceWhoCalls() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/1", managerKey);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).getString("caller")).isEqualTo("manager");
      assertThat(json(response).getString("role")).isEqualTo("store_manager");
    }

    @Test
    void acceptsTheKeyInTheXApiKeyHeader() throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(api.uri().resolve(ORDERS + "/1"))
              .header("X-API-Key", integratorKey)
              .GET()
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).getString("caller")).isEqualTo("pos");
    }

    @Test
    void requiresSomeKeyWhereAResourceDeclaresNoRoles() throws Exception {
      assertProblem(get(ORDERS + "/anyone-with-a-key", null), 401, "/problems/unauthorized");
      assertThat(get(ORDERS + "/anyone-with-a-key", managerKey).statusCode()).isEqualTo(200);
    }

    @Test
    void servesHealthMetricsAndOpenApiWithoutAKey() throws Exception {
      assertThat(get("api/v1/health", null).statusCode()).isEqualTo(200);
      assertThat(get("metrics", null).statusCode()).isEqualTo(200);
      assertThat(get("api/v1/openapi.json", null).statusCode()).isEqualTo(200);
      assertThat(get("api/v1/health", revokedKey).statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class Errors {

    @Test
    void answersAnUnknownPathWithANotFoundProblem() throws Exception {
      HttpResponse<String> response = get("api/v1/no-such-thing", adminKey);
      assertProblem(response, 404, "/problems/not-found");
      assertThat(json(response).getString("instance")).isEqualTo("/api/v1/no-such-thing");
    }

    @Test
    void answersAnUnknownIdWithANotFoundProblemNamingIt() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/42", adminKey);
      assertProblem(response, 404, "/problems/not-found");
      assertThat(json(response).getString("detail")).contains("42");
    }

    @Test
    void answersAWrongMethodWith405AndTheAllowedOnes() throws Exception {
      HttpRequest request =
          request(ORDERS + "/1", adminKey)
              .PUT(HttpRequest.BodyPublishers.ofString("{}"))
              .header("Content-Type", "application/json")
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertProblem(response, 405, "/problems/method-not-allowed");
      assertThat(response.headers().firstValue("Allow").orElseThrow()).contains("GET", "DELETE");
    }

    @Test
    void answersAnUnsupportedContentTypeWith415() throws Exception {
      HttpResponse<String> response = send(ORDERS, "text/plain", "customer=Ana", adminKey);
      assertProblem(response, 415, "/problems/unsupported-media-type");
      assertThat(json(response).getString("detail")).contains("text/plain");
    }

    @Test
    void answersAFailureInsideAResourceWith500AndAnErrorIdButNoStackTrace() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/boom", adminKey);
      assertProblem(response, 500, "/problems/internal-error");
      JsonObject problem = json(response);
      assertThat(problem.getString("errorId")).matches("[0-9a-f-]{36}");
      assertThat(problem.getString("detail")).contains(problem.getString("errorId"));
      assertThat(response.body())
          .doesNotContain("hunter2")
          .doesNotContain("IllegalStateException")
          .doesNotContain("at org.");
    }

    @Test
    void answersInSpanishWhenAskedTo() throws Exception {
      HttpResponse<String> response = get(ORDERS + "/1", null, "es-ES,es;q=0.9,en;q=0.5");
      assertProblem(response, 401, "/problems/unauthorized");
      assertThat(json(response).getString("detail"))
          .isEqualTo(Message.of("api", "detail.unauthorized.no.key").in(new Locale("es")))
          .contains("clave de API");
      assertThat(response.headers().firstValue("Content-Language")).hasValue("es");
    }

    @Test
    void answersBadInputInPersianWhenAskedTo() throws Exception {
      HttpRequest request =
          request(ORDERS, adminKey)
              .header("Content-Type", "application/json")
              .header("Accept-Language", "fa")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      VALID_ORDER.replace("2024-05-01", "tomorrow")))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertProblem(response, 400, "/problems/invalid-input");
      JsonObject problem = json(response);
      Locale persian = Locale.forLanguageTag("fa");
      assertThat(problem.getString("expected"))
          .isEqualTo(Message.of("errors", "expected.date").in(persian));
      assertThat(problem.getString("title"))
          .isEqualTo(Message.of("api", "problem.invalid-input").in(persian))
          .isNotEqualTo(Message.of("api", "problem.invalid-input").english());
      assertThat(problem.getString("detail")).contains("deliverOn").contains("tomorrow");
    }

    @Test
    void answersInTraditionalChineseForZh() throws Exception {
      HttpResponse<String> response = get("api/v1/nothing-here", adminKey, "zh");
      assertThat(json(response).getString("title"))
          .isEqualTo(Message.of("api", "problem.not-found").in(Locale.forLanguageTag("zh-TW")));
    }
  }

  @Nested
  class Operations {

    @Test
    void reportsHealthUpWithEachCheck() throws Exception {
      pluginsUp.set(true);
      HttpResponse<String> response = get("api/v1/health", null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).startsWith("{\"status\":\"UP\",\"checks\":[");
      JsonObject health = json(response);
      assertThat(health.getString("status")).isEqualTo("UP");
      assertThat(health.getJsonArray("checks")).hasSize(2);
      assertThat(health.getJsonArray("checks").getJsonObject(0).getString("name"))
          .isEqualTo("database");
      assertThat(health.getJsonArray("checks").getJsonObject(0).getString("status"))
          .isEqualTo("UP");
    }

    @Test
    void reportsHealthDownWith503WhenACheckFails() throws Exception {
      pluginsUp.set(false);
      try {
        HttpResponse<String> response = get("api/v1/health", null);
        assertThat(response.statusCode()).isEqualTo(503);
        JsonObject health = json(response);
        assertThat(health.getString("status")).isEqualTo("DOWN");
        JsonObject plugins = health.getJsonArray("checks").getJsonObject(1);
        assertThat(plugins.getString("status")).isEqualTo("DOWN");
        assertThat(plugins.getString("detail")).isEqualTo("plugin host stopped");
      } finally {
        pluginsUp.set(true);
      }
    }

    @Test
    void timesRequestsByRouteTemplateNotRawUri() throws Exception {
      get(ORDERS + "/1", adminKey);
      get(ORDERS + "/42", adminKey);
      HttpResponse<String> response = get("metrics", null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain");
      String metrics = response.body();
      assertThat(metrics)
          .containsPattern(
              "http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\""
                  + "[^}]*uri=\"/api/v1/test/orders/\\{id}\"")
          .containsPattern(
              "http_server_requests_seconds_count\\{[^}]*status=\"404\""
                  + "[^}]*uri=\"/api/v1/test/orders/\\{id}\"")
          .doesNotContain("uri=\"/api/v1/test/orders/42\"")
          .contains("jvm_memory_used_bytes");
    }

    @Test
    void letsOthersAddMeters() throws Exception {
      api.meterRegistry().counter("tailor.test.events").increment();
      assertThat(get("metrics", null).body()).contains("tailor_test_events_total 1.0");
    }

    @Test
    void describesTheRegisteredResourcesAndTheKeySchemeInOpenApi() throws Exception {
      HttpResponse<String> response = get("api/v1/openapi.json", null);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject openApi = json(response);
      assertThat(openApi.getJsonObject("info").getString("title")).isEqualTo("Tailor");
      JsonObject paths = openApi.getJsonObject("paths");
      assertThat(paths.keySet())
          .contains(
              "/api/v1/test/orders",
              "/api/v1/test/orders/{id}",
              "/api/v1/imports/test",
              "/api/v1/health");
      assertThat(openApi.getJsonObject("components").getJsonObject("securitySchemes").keySet())
          .contains(OpenApiDocument.BEARER_SCHEME, OpenApiDocument.HEADER_SCHEME);
      JsonObject create = paths.getJsonObject("/api/v1/test/orders").getJsonObject("post");
      assertThat(create.getJsonArray("x-roles").getString(0)).isEqualTo("admin");
      JsonObject health = paths.getJsonObject("/api/v1/health").getJsonObject("get");
      assertThat(health.getJsonArray("security")).isEmpty();
    }

    @Test
    void servesOpenApiAsYamlToo() throws Exception {
      HttpResponse<String> response = get("api/v1/openapi.yaml", null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("title: Tailor").contains("/api/v1/test/orders:");
    }
  }

  private HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(api.uri().resolve(path));
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    return http.send(request(path, key).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String key, String acceptLanguage)
      throws Exception {
    return http.send(
        request(path, key).header("Accept-Language", acceptLanguage).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String key) throws Exception {
    return send(path, "application/json", body, key);
  }

  private HttpResponse<String> send(String path, String contentType, String body, String key)
      throws Exception {
    HttpRequest request =
        request(path, key)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonObject problem = json(response);
    assertThat(problem.getString("type")).isEqualTo(type);
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }
}
