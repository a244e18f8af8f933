package org.tailor.server.reports;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The static files of the reports UI, all from the jar: Chart.js from its WebJar ({@code
 * org.webjars.npm:chart.js}, the version read from the WebJar's own {@code pom.properties}), and
 * our stylesheet and script under {@code reports/assets/}. Nothing is fetched from the internet.
 */
final class ReportAssets {

  private static final String CHART_JS_POM =
      "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final Map<String, String> OWN =
      Map.of("reports.css", "text/css", "reports.js", "text/javascript");

  private final String chartJsResource;

  ReportAssets() {
    Properties pom = new Properties();
    try (InputStream in = ReportAssets.class.getClassLoader().getResourceAsStream(CHART_JS_POM)) {
      if (in == null) {
        throw new IllegalStateException(
            "the Chart.js WebJar is not on the class path (" + CHART_JS_POM + ")");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    chartJsResource =
        "META-INF/resources/webjars/chart.js/" + pom.getProperty("version") + "/dist/chart.umd.js";
  }

  /** The asset path of Chart.js, relative to {@code /reports/assets/}. */
  String chartScriptPath() {
    return "chart.umd.js";
  }

  void serve(String name, HttpServletResponse response) throws IOException {
    String resource;
    String type;
    if (name.equals("chart.umd.js")) {
      resource = chartJsResource;
      type = "text/javascript";
    } else if (OWN.containsKey(name)) {
      resource = "reports/assets/" + name;
      type = OWN.get(name);
    } else {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    byte[] body = ReportsServlet.resource(resource);
    response.setContentType(type + "; charset=UTF-8");
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
