package org.tailor.agent.settings;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The trust store that holds the certificate (or its issuer) of a TLS broker.
 *
 * @param path a PKCS12 or JKS file
 * @param password the store's password, may be empty
 * @param type {@code PKCS12} or {@code JKS}
 */
public record TrustStore(Path path, String password, String type) {

  public TrustStore {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(type, "type");
  }
}
