package org.tailor.server.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.tailor.server.i18n.Message;

/**
 * Errors Jetty answers itself, before a request reaches the API (a malformed request line, headers
 * too large, a failure outside Jersey), as problem+json like every other error.
 */
final class ProblemErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    Locale locale = RequestLanguage.choose(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
    Problem problem = problemFor(code, locale).instance(request.getHttpURI().getPath());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=UTF-8");
    response.getHeaders().put(HttpHeader.CONTENT_LANGUAGE, locale.toLanguageTag());
    response.write(
        true, ByteBuffer.wrap(problem.toJson().getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** The problem for a bare status code, with its generic detail. */
  static Problem problemFor(int code, Locale locale) {
    String kind =
        switch (code) {
          case 400 -> "bad-request";
          case 401 -> "unauthorized";
          case 403 -> "forbidden";
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 406 -> "not-acceptable";
          case 413 -> "body-too-large";
          case 415 -> "unsupported-media-type";
          default -> code >= 500 ? "internal-error" : "request-refused";
        };
    return Problem.of(code, kind, locale)
        .detail(Message.of("api", "detail.http", Integer.toString(code)));
  }
}
