package org.tailor.server.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.json.bind.Jsonb;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.micrometer.server.DefaultJerseyTagsProvider;
import org.glassfish.jersey.micrometer.server.MetricsApplicationEventListener;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.servlet.ServletContainer;
import org.tailor.server.access.ApiKeyService;

/**
 * The HTTP edge of the server: Jetty with Jersey, serving the given JAX-RS resources under one set
 * of rules — JSON bodies bound with JSON-B and checked field by field, errors as RFC 9457
 * problem+json in the caller's language, body size limits, API keys with roles
 * ({@code @RolesAllowed}; endpoints without an access annotation need a key of any role), and three
 * endpoints of its own: {@code GET /api/v1/health}, {@code GET /metrics} (Prometheus, with a timer
 * {@code http_server_requests_seconds} by method, route template and status) and {@code GET
 * /api/v1/openapi.json} / {@code .yaml}.
 *
 * <pre>{@code
 * try (HttpApi api = HttpApi.start(HttpApiSettings.from(settings),
 *         List.of(new ShopperResource(...), new OfferResource(...)),
 *         new ApiKeyService(database),
 *         HealthCheck.database(database.dataSource()),
 *         HealthCheck.of("plugins", pluginHost::describeHealth))) {
 *   System.out.println("listening on " + api.uri());
 * }
 * }</pre>
 */
public final class HttpApi implements AutoCloseable {

  /** Name of the request timer; Prometheus shows it as {@code http_server_requests_seconds}. */
  public static final String REQUEST_TIMER = "http.server.requests";

  /**
   * Jersey warns, wrongly, that every resource registered as an instance "will be ignored" (Jersey
   * issue #3700); the resources are served all the same. Held here so the level is not lost to
   * garbage collection of the logger.
   */
  private static final java.util.logging.Logger JERSEY_PROVIDER_CHECKS =
      java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  static {
    JERSEY_PROVIDER_CHECKS.setLevel(java.util.logging.Level.SEVERE);
  }

  private final Server server;
  private final URI uri;
  private final PrometheusMeterRegistry registry;
  private final boolean ownsRegistry;
  private final List<AutoCloseable> resources;

  private HttpApi(
      Server server,
      URI uri,
      PrometheusMeterRegistry registry,
      boolean ownsRegistry,
      List<AutoCloseable> resources) {
    this.server = server;
    this.uri = uri;
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
    this.resources = resources;
  }

  /**
   * Starts serving {@code resources} (JAX-RS resource instances, or classes with a no-argument
   * constructor) with a new meter registry.
   */
  public static HttpApi start(
      HttpApiSettings settings, List<?> resources, ApiKeyService keys, HealthCheck... checks) {
    return builder(settings, keys).resources(resources).healthChecks(Arrays.asList(checks)).start();
  }

  public static Builder builder(HttpApiSettings settings, ApiKeyService keys) {
    return new Builder(settings, keys);
  }

  /**
   * A Prometheus registry with the JVM and process meters (memory, GC, threads, class loading, CPU,
   * uptime, open files), for components that want to add meters before the API starts.
   */
  public static PrometheusMeterRegistry newMeterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }

  /** The port listened on (the one chosen when the settings said 0). */
  public int port() {
    return uri.getPort();
  }

  /** The base URI, such as {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return uri;
  }

  /** The registry {@code /metrics} shows; add your own meters to it. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** Stops accepting requests, lets running ones finish (up to 5 s) and releases everything. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP server on " + uri, e);
    } finally {
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception e) {
          // keep closing the others; nothing is lost by a meter binder that failed to close
          org.slf4j.LoggerFactory.getLogger(HttpApi.class).warn("closing {} failed", resource, e);
        }
      }
      if (ownsRegistry) {
        registry.close();
      }
    }
  }

  /** Collects what the API serves; {@link #start()} binds the port. */
  public static final class Builder {
    private final HttpApiSettings settings;
    private final ApiKeyService keys;
    private final List<Object> resources = new ArrayList<>();
    private final List<HealthCheck> checks = new ArrayList<>();
    private final List<ServletContextHandler> webContexts = new ArrayList<>();
    private Optional<PrometheusMeterRegistry> registry = Optional.empty();
    private String version =
        Optional.ofNullable(HttpApi.class.getPackage().getImplementationVersion())
            .orElse("development");

    private Builder(HttpApiSettings settings, ApiKeyService keys) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** A JAX-RS resource instance, or a resource class with a no-argument constructor. */
    public Builder resource(Object resource) {
      resources.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    public Builder resources(Collection<?> all) {
      all.forEach(this::resource);
      return this;
    }

    public Builder healthCheck(HealthCheck check) {
      checks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    public Builder healthChecks(Collection<HealthCheck> all) {
      all.forEach(this::healthCheck);
      return this;
    }

    /**
     * A web application served beside the API by the same Jetty server, under its own context path
     * (such as the reports UI at {@code /reports}); it handles its own errors and sign-in.
     */
    public Builder webContext(ServletContextHandler context) {
      webContexts.add(Objects.requireNonNull(context, "context"));
      return this;
    }

    /** Use this registry (e.g. from {@link #newMeterRegistry()}) instead of a new one. */
    public Builder meterRegistry(PrometheusMeterRegistry shared) {
      this.registry = Optional.of(shared);
      return this;
    }

    /** The version shown in the OpenAPI document (default: the jar's Implementation-Version). */
    public Builder version(String apiVersion) {
      this.version = Objects.requireNonNull(apiVersion, "apiVersion");
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IllegalStateException when the port cannot be bound or Jersey refuses a resource
     */
    public HttpApi start() {
      PrometheusMeterRegistry meters = registry.orElseGet(HttpApi::newMeterRegistry);
      List<AutoCloseable> closeables = new ArrayList<>();
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(meters);
      closeables.add(gc);
      ExecutorService healthExecutor =
          Executors.newCachedThreadPool(daemonThreads("tailor-health"));
      closeables.add(healthExecutor::shutdownNow);
      Jsonb jsonb = JsonBodyWriter.newJsonb();
      closeables.add(jsonb);

      QueuedThreadPool threads = new QueuedThreadPool(200, 8);
      threads.setName("tailor-http");
      Server server = new Server(threads);
      server.setStopTimeout(5000);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(settings.host());
      connector.setPort(settings.port());
      server.addConnector(connector);

      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      context.addServlet(
          new ServletHolder("jersey", new ServletContainer(config(meters, jsonb, healthExecutor))),
          "/*");
      context.setErrorHandler(new ServletProblemErrorHandler());
      if (webContexts.isEmpty()) {
        server.setHandler(new GracefulHandler(context));
      } else {
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        webContexts.forEach(contexts::addHandler);
        contexts.addHandler(context);
        server.setHandler(new GracefulHandler(contexts));
      }
      server.setErrorHandler(new ProblemErrorHandler());
      if (settings.accessLog()) {
        server.setRequestLog(
            new CustomRequestLog(
                new Slf4jRequestLogWriter(), CustomRequestLog.EXTENDED_NCSA_FORMAT));
      }
      JettyServerThreadPoolMetrics threadMetrics =
          new JettyServerThreadPoolMetrics(threads, Tags.empty());
      threadMetrics.bindTo(meters);
      closeables.add(threadMetrics);

      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception stopFailure) {
          e.addSuppressed(stopFailure);
        }
        closeables.forEach(Builder::closeQuietly);
        if (registry.isEmpty()) {
          meters.close();
        }
        throw new IllegalStateException(
            "cannot start the HTTP API on "
                + settings.host()
                + ":"
                + settings.port()
                + " (tailor.http.host, tailor.http.port): "
                + e.getMessage(),
            e);
      }
      return new HttpApi(
          server,
          baseUri(settings.host(), connector.getLocalPort()),
          meters,
          registry.isEmpty(),
          closeables);
    }

    private ResourceConfig config(
        PrometheusMeterRegistry meters, Jsonb jsonb, ExecutorService healthExecutor) {
      ResourceConfig config = new ResourceConfig();
      config.setApplicationName("tailor");
      config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
      config.property(ServerProperties.BV_FEATURE_DISABLE, true);
      config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
      config.property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);
      config.property(CommonProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
      config.property(CommonProperties.JSON_BINDING_FEATURE_DISABLE, true);
      config.property(CommonProperties.JSON_PROCESSING_FEATURE_DISABLE, true);
      config.property(CommonProperties.MOXY_JSON_FEATURE_DISABLE, true);

      config.register(new JsonBodyReader(jsonb));
      config.register(new JsonBodyWriter(jsonb));
      config.register(new BodySizeLimit(settings));
      config.register(new ApiKeyAuthentication(keys));
      config.register(RolesAllowedDynamicFeature.class);
      config.register(new AuthenticatedByDefault());
      config.register(new ProblemMapper());
      config.register(
          new MetricsApplicationEventListener(
              meters, new DefaultJerseyTagsProvider(), REQUEST_TIMER, true));

      Set<Class<?>> documented = new LinkedHashSet<>();
      for (Object resource : resources) {
        if (resource instanceof Class<?> type) {
          config.register(type);
          documented.add(type);
        } else {
          config.register(resource);
          documented.add(resource.getClass());
        }
      }
      HealthResource health =
          new HealthResource(checks, healthExecutor, settings.healthCheckTimeout());
      config.register(health);
      documented.add(HealthResource.class);
      config.register(new MetricsResource(meters));
      config.register(new OpenApiResource(documented, version));
      return config;
    }

    private static URI baseUri(String host, int port) {
      String reachable =
          switch (host) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
          };
      return URI.create("http://" + reachable + ":" + port + "/");
    }

    private static ThreadFactory daemonThreads(String prefix) {
      AtomicInteger count = new AtomicInteger();
      return runnable -> {
        Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
    }

    private static void closeQuietly(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(HttpApi.class).warn("closing {} failed", closeable, e);
      }
    }
  }
}
