package org.tailor.server.permission;

import java.time.Instant;
import java.util.Objects;

/** What the permission gate decided about one message. */
public sealed interface Verdict {

  /** The message may be handed to its channel now, with this permit. */
  record Permitted(DeliveryPermit permit) implements Verdict {
    public Permitted {
      Objects.requireNonNull(permit, "permit");
    }
  }

  /**
   * The message may not be sent; when the refusal is not {@link Refusal#permanent() permanent} it
   * may be tried again at {@code retryAt}.
   */
  record Refused(Refusal refusal, Instant retryAt) implements Verdict {
    public Refused {
      Objects.requireNonNull(refusal, "refusal");
      Objects.requireNonNull(retryAt, "retryAt");
    }
  }
}
