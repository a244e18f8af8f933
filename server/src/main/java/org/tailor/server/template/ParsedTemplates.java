package org.tailor.server.template;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import liqp.Template;
import liqp.TemplateParser;

/**
 * One template's source with parsed copies to render from, one per thread rendering it at that
 * moment. A liqp {@link Template} keeps the context of its render in a field and renders from that
 * field, so two threads rendering the same parsed template at once could each get the other's
 * variables (one shopper's name and unsubscribe link in another's message). Instead of making the
 * renders take turns, each render borrows a copy nobody else is using, parsed on first need, and
 * gives it back: as many copies as renders ever ran at once.
 */
final class ParsedTemplates {

  private final String source;
  private final TemplateParser parser;
  private final ConcurrentLinkedQueue<Template> idle = new ConcurrentLinkedQueue<>();

  /** Parses the source once now, so that a syntax error shows when the template is loaded. */
  ParsedTemplates(String source, TemplateParser parser) {
    this.source = Objects.requireNonNull(source, "source");
    this.parser = Objects.requireNonNull(parser, "parser");
    idle.add(parser.parse(source));
  }

  /** Renders the template with the variables, on a parsed copy no other thread renders now. */
  String render(Map<String, Object> variables) {
    Template template = idle.poll();
    if (template == null) {
      template = parser.parse(source);
    }
    try {
      return template.render(variables);
    } finally {
      idle.add(template);
    }
  }
}
