package org.tailor.server.access;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling the API: the key that authenticated the request, its role and, for a store
 * manager's key, the one store it is limited to. Resources get it from {@code
 * SecurityContext.getUserPrincipal()} to limit what a store manager sees.
 *
 * @param keyName the key's name, as given to {@code tailor keys create --name}
 * @param role what the key may do
 * @param storeId the store ({@code store.id}) a store manager's key is limited to; empty for all
 */
public record Caller(String keyName, Role role, Optional<Long> storeId) implements Principal {

  public Caller {
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(storeId, "storeId");
  }

  @Override
  public String getName() {
    return keyName;
  }

  /** Whether this caller may see data of the given store. */
  public boolean maySeeStore(long id) {
    return storeId.map(limit -> limit == id).orElse(true);
  }
}
