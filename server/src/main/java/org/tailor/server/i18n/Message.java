package org.tailor.server.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A user-facing text not yet put into words: a key in one of Tailor's message bundles ({@code
 * i18n/<bundle>_<lang>.properties}) and its arguments. Rendered in the reader's language by {@link
 * Messages}.
 *
 * @param bundle the bundle's base name, such as {@code "errors"} or {@code "importer"}
 * @param key the key inside it
 * @param args {@link java.text.MessageFormat} arguments
 */
public record Message(String bundle, String key, List<Object> args) {

  public Message {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(key, "key");
    args = List.copyOf(args);
  }

  public static Message of(String bundle, String key, Object... args) {
    return new Message(bundle, key, List.of(args));
  }

  /** The text in English, for logs and exception messages. */
  public String english() {
    return Messages.format(this, Locale.ENGLISH);
  }

  public String in(Locale locale) {
    return Messages.format(this, locale);
  }
}
