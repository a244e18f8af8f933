package org.tailor.server.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of table {@code api_key}: a named key with one role, kept only as the SHA-256 hash of the
 * key so that a stolen database does not hand out working keys. Managed by {@link ApiKeyService}.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "name", nullable = false, length = 100)
  private String name;

  @Column(name = "key_hash", nullable = false, length = 64)
  @JdbcTypeCode(SqlTypes.CHAR)
  private String keyHash;

  @Column(name = "role", nullable = false, length = 32)
  private String role;

  @Column(name = "store_id")
  private Long storeId;

  @Column(name = "created_at", nullable = false)
  @JdbcTypeCode(SqlTypes.TIMESTAMP)
  private Instant createdAt;

  @Column(name = "revoked_at")
  @JdbcTypeCode(SqlTypes.TIMESTAMP)
  private Instant revokedAt;

  protected ApiKey() {}

  ApiKey(String name, String keyHash, Role role, Optional<Long> storeId, Instant createdAt) {
    this.name = name;
    this.keyHash = keyHash;
    this.role = role.id();
    this.storeId = storeId.orElse(null);
    this.createdAt = createdAt;
  }

  String name() {
    return name;
  }

  String keyHash() {
    return keyHash;
  }

  Role role() {
    return Role.fromId(role)
        .orElseThrow(
            () -> new IllegalStateException("api_key " + name + " has unknown role " + role));
  }

  Optional<Long> storeId() {
    return Optional.ofNullable(storeId);
  }

  Instant createdAt() {
    return createdAt;
  }

  Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  void revoke(Instant at) {
    this.revokedAt = at;
  }

  void replaceSecret(String newKeyHash) {
    this.keyHash = newKeyHash;
    this.revokedAt = null;
  }
}
