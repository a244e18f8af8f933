package org.tailor.server.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A kiosk or till in a store (table {@code terminal}), with what its agent last reported. The
 * credential hash is kept by the terminal-authentication code and never shown.
 */
@Entity
@Table(name = "terminal")
public class Terminal {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 64)
  private String code;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "store_id", nullable = false)
  private Store store;

  @Column(nullable = false, length = 16)
  private String kind;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(name = "credential_hash", length = 200)
  private String credentialHash;

  @Column(name = "last_seen_at")
  private Instant lastSeenAt;

  @Column(name = "last_status", length = 32)
  private String lastStatus;

  @Column(name = "agent_version", length = 40)
  private String agentVersion;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Terminal() {}

  Terminal(Store store, TerminalDetails details, Instant now) {
    this.createdAt = now;
    update(store, details, now);
  }

  final void update(Store store, TerminalDetails details, Instant now) {
    this.store = store;
    this.code = details.code();
    this.kind = details.kind();
    this.name = details.name();
    this.updatedAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }

  public Store getStore() {
    return store;
  }

  public String getKind() {
    return kind;
  }

  public Optional<String> getCredentialHash() {
    return Optional.ofNullable(credentialHash);
  }

  void replaceCredential(String hash, Instant now) {
    this.credentialHash = hash;
    this.updatedAt = now;
  }

  void revokeCredential(Instant now) {
    if (credentialHash != null) {
      this.credentialHash = null;
      this.updatedAt = now;
    }
  }

  void report(String status, Optional<String> version, Instant at) {
    if (lastSeenAt == null || !at.isBefore(lastSeenAt)) {
      this.lastSeenAt = at;
      this.lastStatus = status;
      version.ifPresent(v -> this.agentVersion = v);
    }
  }

  TerminalView view() {
    return new TerminalView(
        code,
        store.getCode(),
        kind,
        name,
        Optional.ofNullable(lastSeenAt),
        Optional.ofNullable(lastStatus),
        Optional.ofNullable(agentVersion));
  }
}
