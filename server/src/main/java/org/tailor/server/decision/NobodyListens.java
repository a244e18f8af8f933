package org.tailor.server.decision;

import org.tailor.plugin.host.DecisionListener;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;

/** The listener of a log or pipeline built without one: hears everything, does nothing. */
enum NobodyListens implements DecisionListener {
  INSTANCE;

  @Override
  public void presented(PresentationEvent event) {}

  @Override
  public void redeemed(RedemptionEvent event) {}
}
