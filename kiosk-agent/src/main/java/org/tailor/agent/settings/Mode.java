package org.tailor.agent.settings;

/** How the agent shows offers. */
public enum Mode {
  /** A local full-screen page for the kiosk's browser. */
  KIOSK,
  /** A text console for the cashier at a till. */
  TILL
}
