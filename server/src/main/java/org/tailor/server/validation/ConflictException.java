package org.tailor.server.validation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tailor.server.i18n.Message;

/**
 * A request that is well formed but clashes with what is stored (HTTP 409): a code already used, or
 * a store that cannot be deleted while terminals or purchases still refer to it. Nothing was
 * changed.
 */
public class ConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Message reason;

  /**
   * @param reason what clashes; arguments that are themselves {@link Message}s are rendered in the
   *     reader's language too
   */
  public ConflictException(Message reason) {
    super(render(Objects.requireNonNull(reason, "reason"), Locale.ENGLISH));
    this.reason = reason;
  }

  /**
   * A {@code kind} (key of bundle {@code errors}, such as {@code "kind.store"}) already has a code.
   */
  public static ConflictException duplicate(String kind, String code) {
    return new ConflictException(
        Message.of("domain", "conflict.duplicate", Message.of("errors", kind), code));
  }

  public Message reason() {
    return reason;
  }

  public String describe(Locale locale) {
    return render(reason, locale);
  }

  private static String render(Message message, Locale locale) {
    List<Object> args =
        message.args().stream().map(a -> a instanceof Message m ? m.in(locale) : a).toList();
    return new Message(message.bundle(), message.key(), args).in(locale);
  }
}
