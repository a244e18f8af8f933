package org.tailor.server.template;

/**
 * A message rendered from a template.
 *
 * @param subject the subject line (empty where the template has none)
 * @param body the text
 * @param language the language the template was found in (BCP 47), after fallback
 */
public record RenderedMessage(String subject, String body, String language) {}
