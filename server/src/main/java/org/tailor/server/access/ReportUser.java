package org.tailor.server.access;

import java.util.Objects;
import java.util.Optional;

/**
 * A person who signs in to the reports UI, as the UI sees them (never with the password hash).
 *
 * @param id {@code app_user.id}
 * @param username what they sign in with
 * @param displayName how pages greet them
 * @param role what they may see and do
 * @param region for a regional manager, the region whose stores they see
 * @param language their language (BCP 47), for pages and the weekly email
 * @param email where the weekly store report goes
 * @param scope the stores they may see, resolved when they were loaded
 */
public record ReportUser(
    long id,
    String username,
    String displayName,
    UserRole role,
    Optional<String> region,
    String language,
    Optional<String> email,
    StoreScope scope) {

  public ReportUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(scope, "scope");
  }

  public boolean isAdmin() {
    return role == UserRole.ADMIN;
  }
}
