package org.tailor.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Errors the servlet container answers itself (an exception that escapes Jersey), as problem+json.
 * The exception itself is logged by Jetty; nothing of it reaches the client.
 */
final class ServletProblemErrorHandler extends ErrorHandler {

  @Override
  protected void generateAcceptableResponse(
      ServletContextRequest baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    Locale locale = RequestLanguage.choose(request.getHeader("Accept-Language"));
    Problem problem =
        ProblemErrorHandler.problemFor(code, locale).instance(request.getRequestURI());
    response.setContentType(Problem.MEDIA_TYPE + ";charset=UTF-8");
    response.setHeader("Content-Language", locale.toLanguageTag());
    response.getOutputStream().write(problem.toJson().getBytes(StandardCharsets.UTF_8));
  }
}
