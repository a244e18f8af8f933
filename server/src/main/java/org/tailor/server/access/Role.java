package org.tailor.server.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an API key may do. Resources name roles by their {@link #id()} in {@code
 * jakarta.annotation.security.RolesAllowed}, e.g. {@code @RolesAllowed({"admin", "integrator"})}.
 * Roles are not hierarchical: an endpoint an admin may use lists {@code "admin"} itself.
 */
public enum Role {
  /** Runs the chain's Tailor: keys, stores, offers, plugins, imports. */
  ADMIN("admin"),
  /** Connects systems and plugins: imports, plugin status, shopper look-ups. */
  INTEGRATOR("integrator"),
  /** Reads reports and manages offers, limited to one store when the key names a store. */
  STORE_MANAGER("store_manager");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The name used in {@code @RolesAllowed}, the CLI and the {@code api_key.role} column. */
  public String id() {
    return id;
  }

  /** The role with this id ({@code admin}, {@code integrator}, {@code store_manager}). */
  public static Optional<Role> fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values()).filter(r -> r.id.equals(wanted)).findFirst();
  }

  /** The ids of all roles, comma-separated, for messages. */
  public static String allIds() {
    return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
  }
}
