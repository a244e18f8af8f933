package org.tailor.server.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person to create in the reports UI.
 *
 * @param username what they sign in with: 1 to 100 letters, digits, dots, dashes, underscores or @
 * @param displayName how pages greet them
 * @param password at least {@value UserService#MIN_PASSWORD_LENGTH} characters
 * @param role what they may see and do
 * @param region for a regional manager, the region ({@code store.region}) whose stores they see
 * @param storeCodes for a store manager, the stores they see (at least one)
 * @param language BCP 47 language tag for their pages
 * @param email where their weekly store report goes
 */
public record NewUser(
    String username,
    String displayName,
    String password,
    UserRole role,
    Optional<String> region,
    List<String> storeCodes,
    String language,
    Optional<String> email) {

  public NewUser {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(region, "region");
    storeCodes = List.copyOf(storeCodes);
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(email, "email");
  }
}
