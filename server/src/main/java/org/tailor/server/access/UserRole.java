package org.tailor.server.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a person signed in to the reports UI may see and do. */
public enum UserRole {
  /** Sees every store and manages users and API keys. */
  ADMIN("admin"),
  /** Sees every store. */
  HEAD_OFFICE("head_office"),
  /** Sees the stores of one region ({@code store.region}). */
  REGIONAL("regional"),
  /** Sees the stores they are given. */
  STORE_MANAGER("store_manager");

  private final String id;

  UserRole(String id) {
    this.id = id;
  }

  /** The name used in the CLI and the {@code app_user.role} column. */
  public String id() {
    return id;
  }

  /** The role with this id ({@code admin}, {@code head_office}, {@code regional}, …). */
  public static Optional<UserRole> fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values()).filter(r -> r.id.equals(wanted)).findFirst();
  }

  /** The ids of all roles, comma-separated, for messages. */
  public static String allIds() {
    return Arrays.stream(values()).map(UserRole::id).collect(Collectors.joining(", "));
  }
}
