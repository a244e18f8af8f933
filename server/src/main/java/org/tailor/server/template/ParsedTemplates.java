package org.tailor.server.template;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import liqp.Template;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.nodes.LNode;
import liqp.parser.v4.NodeVisitor;
import liqp.spi.BasicTypesSupport;

/**
 * One template, parsed once, with its tree of render nodes to render from, one per thread rendering
 * it at that moment.
 *
 * <p>A liqp {@link Template} turns its parse tree into render nodes again on every render (two
 * fifths of the time of rendering a short message) and keeps the context of the render in a field,
 * so two threads rendering the same {@link Template} at once could each get the other's variables.
 * This class does what {@link Template#render(Map)} does, with liqp's public pieces, but builds the
 * render nodes once per copy and gives every render a context of its own: the variables evaluated
 * as liqp does, a {@link TemplateContext} of the parser's, the nodes rendered into it and the
 * parser's render transformer applied. The copies of the node tree are kept in case a node keeps
 * state while it renders: each render borrows a copy nobody else is using, built on first need, and
 * gives it back — as many copies as renders ever ran at once.
 *
 * <p>Not supported (nor used by {@link MessageTemplates}): a parser with a render time limit, which
 * {@link Template#render(Map)} enforces on a thread of its own.
 */
final class ParsedTemplates {

  private final TemplateParser parser;
  private final Template template;
  private final ConcurrentLinkedQueue<LNode> idle = new ConcurrentLinkedQueue<>();

  /** Parses the source now, so that a syntax error shows when the template is loaded. */
  ParsedTemplates(String source, TemplateParser parser) {
    Objects.requireNonNull(source, "source");
    this.parser = Objects.requireNonNull(parser, "parser");
    if (parser.isRenderTimeLimited()) {
      throw new IllegalArgumentException("a parser with a render time limit is not supported");
    }
    this.template = parser.parse(source);
    idle.add(nodes());
  }

  private LNode nodes() {
    return new NodeVisitor(parser.insertions, parser.filters, parser.liquidStyleInclude)
        .visit(template.getParseTree());
  }

  /** Renders the template with the variables, on a node tree no other thread renders now. */
  String render(Map<String, Object> variables) {
    LNode root = idle.poll();
    if (root == null) {
      root = nodes();
    }
    try {
      BasicTypesSupport.clearReferences();
      TemplateContext context =
          new TemplateContext(parser, parser.evaluate(parser.mapper, variables));
      Consumer<Map<String, Object>> environment = parser.getEnvironmentMapConfigurator();
      if (environment != null) {
        environment.accept(context.getEnvironmentMap());
      }
      Object rendered = root.render(context);
      return parser.getRenderTransformer().transformObject(context, rendered).toString();
    } finally {
      idle.add(root);
    }
  }
}
