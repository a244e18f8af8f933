package org.tailor.server.template;

import java.util.List;

/**
 * A template that cannot be used: a syntax error, or variables the host does not provide (named, so
 * that whoever wrote it can fix it before anything is sent).
 */
public final class TemplateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String template;
  private final List<String> unknownVariables;

  public TemplateException(String template, String problem, List<String> unknownVariables) {
    super("template " + template + ": " + problem);
    this.template = template;
    this.unknownVariables = List.copyOf(unknownVariables);
  }

  /** The template's file, such as {@code birthday/es.body.liquid}. */
  public String template() {
    return template;
  }

  /** The variables the template uses that the host does not provide, in order of appearance. */
  public List<String> unknownVariables() {
    return unknownVariables;
  }
}
