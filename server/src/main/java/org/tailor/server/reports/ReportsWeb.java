package org.tailor.server.reports;

import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.UserService;

/**
 * The reports UI as a Jetty context at {@code /reports}, to be served by the same Jetty server as
 * the REST API ({@link org.tailor.server.api.HttpApi.Builder#webContext}). Sessions live in memory;
 * their cookie is HttpOnly and SameSite=Strict.
 */
public final class ReportsWeb {

  /** Where the reports answer. */
  public static final String CONTEXT_PATH = "/reports";

  private ReportsWeb() {}

  /** The context serving the reports from these services. */
  public static ServletContextHandler context(
      ReportQueries queries,
      UserService users,
      ApiKeyService keys,
      ReportsSettings settings,
      Clock clock) {
    Objects.requireNonNull(queries, "queries");
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath(CONTEXT_PATH);
    SessionHandler sessions = context.getSessionHandler();
    sessions.setHttpOnly(true);
    sessions.setSameSite(HttpCookie.SameSite.STRICT);
    sessions.setSessionCookie("TAILOR_SESSION");
    sessions.setMaxInactiveInterval((int) settings.sessionTimeout().toSeconds());
    ServletHolder holder =
        new ServletHolder(
            "reports",
            new ReportsServlet(
                queries, users, keys, settings, clock, templates(), new ReportAssets()));
    context.addServlet(holder, "/*");
    return context;
  }

  static Configuration templates() {
    Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
    configuration.setClassLoaderForTemplateLoading(
        ReportsWeb.class.getClassLoader(), "reports/templates");
    configuration.setDefaultEncoding(StandardCharsets.UTF_8.name());
    configuration.setOutputEncoding(StandardCharsets.UTF_8.name());
    configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    configuration.setLogTemplateExceptions(false);
    configuration.setWrapUncheckedExceptions(true);
    configuration.setFallbackOnNullLoopVariable(false);
    return configuration;
  }
}
