package org.tailor.server.plugins;

/**
 * The state of one Declarative Services component of a plugin, from the Service Component Runtime
 * (OSGi Compendium 112.12, {@code ComponentConfigurationDTO}).
 */
public enum ComponentState {
  /** Activated and, if it provides services, registered. */
  ACTIVE,
  /** Ready; a delayed component is activated on first use. */
  SATISFIED,
  /** A mandatory reference has no matching service; see the unsatisfied references. */
  UNSATISFIED_REFERENCE,
  /** The component requires a configuration ({@code config/plugins/<pid>.cfg}) it has not got. */
  UNSATISFIED_CONFIGURATION,
  /** Its activate method threw; see the failure. */
  FAILED_ACTIVATION,
  /** Disabled, by its description or at run time. */
  DISABLED
}
