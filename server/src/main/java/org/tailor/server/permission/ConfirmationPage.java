package org.tailor.server.permission;

import java.util.Locale;
import java.util.Optional;
import org.tailor.server.i18n.Message;
import org.tailor.server.i18n.Messages;

/**
 * The small HTML pages a shopper sees after following a link from a message: unsubscribe (with its
 * one-click form), unsubscribed, address confirmed, link invalid. In the shopper's language,
 * right-to-left for Persian.
 */
final class ConfirmationPage {

  private ConfirmationPage() {}

  /**
   * @param title the heading
   * @param text the sentence below it
   * @param formAction where the page's button posts to, or empty for a page without a button
   * @param button the button's label, when there is a form
   */
  static String render(
      Locale locale, Message title, Message text, Optional<String> formAction, Message button) {
    String direction = Messages.isRightToLeft(locale) ? "rtl" : "ltr";
    StringBuilder html = new StringBuilder(1024);
    html.append("<!DOCTYPE html>\n<html lang=\"")
        .append(escape(locale.toLanguageTag()))
        .append("\" dir=\"")
        .append(direction)
        .append("\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\"")
        .append(" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(escape(title.in(locale)))
        .append("</title>\n<style>body{font-family:system-ui,sans-serif;max-width:32rem;")
        .append("margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;")
        .append("padding:.5rem 1.5rem}</style></head>\n<body>\n<h1>")
        .append(escape(title.in(locale)))
        .append("</h1>\n<p>")
        .append(escape(text.in(locale)))
        .append("</p>\n");
    formAction.ifPresent(
        action ->
            html.append("<form method=\"post\" action=\"")
                .append(escape(action))
                .append("\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">")
                .append("<button type=\"submit\">")
                .append(escape(button.in(locale)))
                .append("</button></form>\n"));
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
