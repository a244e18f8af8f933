package org.tailor.server.decision;

import java.util.Objects;
import org.tailor.plugin.host.DecisionLog;
import org.tailor.plugin.host.PresentationRecord;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.plugin.host.RequestRejectedException;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * The {@link DecisionLog} as plugins see it: the host's own exceptions for bad input, which a
 * plugin cannot name (they are not in the plugin API), become {@link RequestRejectedException}s
 * with the field, the value and what was expected, so a channel can tell a message it must refuse
 * from a failure worth retrying.
 */
public final class PluginDecisionLog implements DecisionLog {

  private final DecisionLog log;

  public PluginDecisionLog(DecisionLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public String recordPresentation(PresentationRecord presentation) {
    try {
      return log.recordPresentation(presentation);
    } catch (InvalidInputException | NotFoundException e) {
      throw rejected(e);
    }
  }

  @Override
  public boolean recordRedemption(RedemptionRecord redemption) {
    try {
      return log.recordRedemption(redemption);
    } catch (InvalidInputException | NotFoundException e) {
      throw rejected(e);
    }
  }

  static RequestRejectedException rejected(RuntimeException e) {
    if (e instanceof InvalidInputException invalid) {
      return new RequestRejectedException(
          invalid.field(),
          invalid.value() == null ? "" : invalid.value(),
          invalid.expected().english());
    }
    NotFoundException notFound = (NotFoundException) e;
    String kind = Message.of("errors", notFound.kind()).english();
    return new RequestRejectedException(kind, notFound.id(), "the code of an existing " + kind);
  }
}
