package org.tailor.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.offer.CampaignResource;
import org.tailor.server.offer.OfferResource;
import org.tailor.server.offer.OfferService;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperResource;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.StoreResource;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalCredentials;
import org.tailor.server.store.TerminalResource;
import org.tailor.server.validation.ConflictException;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * The resource classes behind Jetty and Jersey with JSON-B, as the server registers them: status
 * codes, {@code Location}, JSON binding of the records, and the roles on every method. A header
 * stands in for the API-key authentication, and minimal mappers for the problem+json ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourcesOverHttpTest {

  static final List<Class<?>> RESOURCES =
      List.of(
          ShopperResource.class,
          OfferResource.class,
          CampaignResource.class,
          StoreResource.class,
          TerminalResource.class);

  @TempDir static Path dir;

  Database database;
  Server server;
  URI base;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    database = Database.open(TestDatabases.h2(dir));
    Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    StoreService stores = new StoreService(database, clock);
    OfferService offers = new OfferService(database, clock);
    ShopperService shoppers =
        new ShopperService(database, new RfmCutPointRefresher(database, clock), clock);
    ResourceConfig config =
        new ResourceConfig()
            .registerInstances(
                new ShopperResource(shoppers),
                new OfferResource(offers),
                new CampaignResource(offers),
                new StoreResource(stores),
                new TerminalResource(stores, new TerminalCredentials(database, clock)),
                new RoleFromHeader(),
                new StatusOf())
            .register(RolesAllowedDynamicFeature.class);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new ServletContainer(config)), "/*");
    server = new Server(0);
    server.setHandler(context);
    server.start();
    base =
        URI.create(
            "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());

    ChainFixture chain = new ChainFixture(database);
    long ana = chain.shopper("L-100", "Десислава", "Петрова", "bg");
    chain.identifier(ana, "card", "CARD-100");
  }

  @AfterAll
  void stop() throws Exception {
    server.stop();
    database.close();
  }

  @Test
  void createsStoreAndTerminalWithLocationAndRefusesDeletingTheStore() throws Exception {
    HttpResponse<String> created =
        send(
            "admin",
            "POST",
            "/api/v1/stores",
            "{\"code\":\"m1\",\"name\":\"Madrid\",\"country\":\"ES\",\"timeZone\":\"Europe/Madrid\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains(base + "/api/v1/stores/m1");
    assertThat(created.body()).contains("\"country\":\"ES\"").doesNotContain("region");

    HttpResponse<String> terminal =
        send(
            "admin",
            "POST",
            "/api/v1/stores/m1/terminals",
            "{\"code\":\"m1-k1\",\"kind\":\"kiosk\",\"name\":\"Entrance\"}");
    assertThat(terminal.statusCode()).isEqualTo(201);
    assertThat(terminal.headers().firstValue("Location"))
        .contains(base + "/api/v1/terminals/m1-k1");

    HttpResponse<String> listed = send("store_manager", "GET", "/api/v1/stores/m1/terminals", null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains("\"code\":\"m1-k1\"").contains("\"storeCode\":\"m1\"");

    assertThat(send("admin", "DELETE", "/api/v1/stores/m1", null).statusCode()).isEqualTo(409);
    assertThat(
            send(
                    "admin",
                    "POST",
                    "/api/v1/stores",
                    "{\"code\":\"m1\",\"name\":\"Again\",\"timeZone\":\"UTC\"}")
                .statusCode())
        .isEqualTo(409);
    assertThat(send("admin", "DELETE", "/api/v1/terminals/m1-k1", null).statusCode())
        .isEqualTo(204);
    assertThat(send("admin", "DELETE", "/api/v1/stores/m1", null).statusCode()).isEqualTo(204);
    assertThat(send("admin", "GET", "/api/v1/stores/m1", null).statusCode()).isEqualTo(404);
  }

  @Test
  void letsOnlyAdminsChangeStoresAndOnlyAdminsAndIntegratorsChangeOffers() throws Exception {
    String store = "{\"code\":\"m9\",\"name\":\"Nine\",\"timeZone\":\"UTC\"}";
    assertThat(send("store_manager", "POST", "/api/v1/stores", store).statusCode()).isEqualTo(403);
    assertThat(send("integrator", "POST", "/api/v1/stores", store).statusCode()).isEqualTo(403);
    assertThat(send("store_manager", "POST", "/api/v1/offers", offerJson("x", "10")).statusCode())
        .isEqualTo(403);
    assertThat(send("store_manager", "GET", "/api/v1/offers", null).statusCode()).isEqualTo(200);
  }

  @Test
  void bindsOfferJsonWithOnlyTheRequiredFields() throws Exception {
    HttpResponse<String> created =
        send("integrator", "POST", "/api/v1/offers", offerJson("spring-10", "10"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location"))
        .contains(base + "/api/v1/offers/spring-10");

    HttpResponse<String> read = send("store_manager", "GET", "/api/v1/offers/spring-10", null);
    assertThat(read.body())
        .contains("\"status\":\"active\"")
        .contains("\"zh-TW\":{\"body\":\"僅限本週。\",\"headline\":\"咖啡九折\"}")
        .contains("\"validUntil\":\"2040-01-01T00:00:00Z\"");

    HttpResponse<String> bad =
        send("integrator", "POST", "/api/v1/offers", offerJson("bad", "150"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("discountPercent");

    HttpResponse<String> campaign =
        send(
            "admin",
            "POST",
            "/api/v1/campaigns",
            "{\"code\":\"c1\",\"name\":\"C\",\"holdoutShare\":0.1}");
    assertThat(campaign.statusCode()).isEqualTo(201);
    assertThat(send("admin", "DELETE", "/api/v1/offers/spring-10", null).statusCode())
        .isEqualTo(204);
  }

  static String offerJson(String code, String percent) {
    return "{\"code\":\""
        + code
        + "\",\"name\":\"Coffee\",\"kind\":\"percent_off\","
        + "\"discountPercent\":"
        + percent
        + ",\"validFrom\":\"2025-01-01T00:00:00Z\","
        + "\"validUntil\":\"2040-01-01T00:00:00Z\","
        + "\"texts\":{\"zh-TW\":{\"headline\":\"咖啡九折\",\"body\":\"僅限本週。\"}}}";
  }

  @Test
  void answersShopper360BySecondaryIdentifier() throws Exception {
    HttpResponse<String> found = send("store_manager", "GET", "/api/v1/shoppers/CARD-100", null);
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body())
        .contains("\"loyaltyId\":\"L-100\"")
        .contains("\"firstName\":\"Десислава\"")
        .contains("\"identifiers\":[{\"kind\":\"card\",\"value\":\"CARD-100\"}]");
    assertThat(send("integrator", "GET", "/api/v1/shoppers/nobody", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void guardsEveryResourceMethodWithRoles() {
    for (Class<?> resource : RESOURCES) {
      for (Method method : resource.getDeclaredMethods()) {
        boolean endpoint =
            Arrays.stream(method.getAnnotations())
                .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
        if (!endpoint) {
          continue;
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        assertThat(roles).as(resource.getSimpleName() + "." + method.getName()).isNotNull();
        boolean reads = method.isAnnotationPresent(jakarta.ws.rs.GET.class);
        if (reads) {
          assertThat(roles.value())
              .containsExactlyInAnyOrder("admin", "integrator", "store_manager");
        } else {
          assertThat(roles.value()).contains("admin").doesNotContain("store_manager");
        }
      }
    }
  }

  HttpResponse<String> send(String role, String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).header("X-Test-Role", role);
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Stands in for API-key authentication: the caller's role comes from a header. */
  @Priority(Priorities.AUTHENTICATION)
  static final class RoleFromHeader implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      String role = request.getHeaderString("X-Test-Role");
      request.setSecurityContext(
          new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
              return () -> "test";
            }

            @Override
            public boolean isUserInRole(String r) {
              return r.equals(role);
            }

            @Override
            public boolean isSecure() {
              return false;
            }

            @Override
            public String getAuthenticationScheme() {
              return "test";
            }
          });
    }
  }

  /** Stands in for the problem+json mappers: the status, with the offending field as the body. */
  static final class StatusOf implements ExceptionMapper<RuntimeException> {
    @Override
    public Response toResponse(RuntimeException e) {
      if (e instanceof InvalidInputException invalid) {
        return Response.status(400).type(MediaType.TEXT_PLAIN).entity(invalid.field()).build();
      }
      if (e instanceof NotFoundException missing) {
        return Response.status(404)
            .type(MediaType.TEXT_PLAIN)
            .entity(missing.describe(Locale.ENGLISH))
            .build();
      }
      if (e instanceof ConflictException conflict) {
        return Response.status(409)
            .type(MediaType.TEXT_PLAIN)
            .entity(conflict.describe(Locale.ENGLISH))
            .build();
      }
      if (e instanceof jakarta.ws.rs.WebApplicationException web) {
        return web.getResponse();
      }
      throw e;
    }
  }
}
