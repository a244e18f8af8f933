package org.tailor.server.plugins;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Declarative Services component a plugin bundle declares.
 *
 * @param name the component name, by default its implementation class
 * @param state where it stands
 * @param failure why activation failed, when it did
 * @param unsatisfiedReferences the references that keep it from being satisfied, each as {@code
 *     "name: interface"}
 * @param services the service interfaces it provides
 */
public record ComponentStatus(
    String name,
    ComponentState state,
    Optional<String> failure,
    List<String> unsatisfiedReferences,
    List<String> services) {

  public ComponentStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(failure, "failure");
    unsatisfiedReferences = List.copyOf(unsatisfiedReferences);
    services = List.copyOf(services);
  }
}
