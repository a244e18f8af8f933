package org.tailor.server.plugins;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.DecisionListener;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;

/**
 * Tells every {@link DecisionListener} plugin service about a recorded presentation or redemption,
 * on the calling thread, right after the record was committed. A listener that throws anything
 * short of a {@link VirtualMachineError} is reported in its plugin's status; the others still hear
 * the event and the caller never sees the failure (the record is stored either way). While the
 * plugin host is stopped there is nobody to tell. Thread-safe.
 */
public final class DecisionEventBroadcast implements DecisionListener {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionEventBroadcast.class);

  private volatile TrackedPlugins<DecisionListener> listeners;
  private volatile PluginProblems problems;

  DecisionEventBroadcast() {}

  void attach(TrackedPlugins<DecisionListener> tracked, PluginProblems reported) {
    this.problems = reported;
    this.listeners = tracked;
  }

  void detach() {
    this.listeners = null;
  }

  @Override
  public void presented(PresentationEvent event) {
    tell(listener -> listener.presented(event), "presentation " + event.presentationId());
  }

  @Override
  public void redeemed(RedemptionEvent event) {
    tell(listener -> listener.redeemed(event), "redemption " + event.messageId());
  }

  private void tell(Consumer<DecisionListener> call, String what) {
    TrackedPlugins<DecisionListener> current = listeners;
    if (current == null) {
      return;
    }
    List<TrackedPlugin<DecisionListener>> snapshot = current.snapshot();
    for (TrackedPlugin<DecisionListener> listener : snapshot) {
      try {
        call.accept(listener.service());
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        if (problems.callFailed(listener.bundleId(), e)) {
          LOG.warn("decision listener of bundle {} failed on {}", listener.bundleName(), what, e);
        }
      }
    }
  }
}
