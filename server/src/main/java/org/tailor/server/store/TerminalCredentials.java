package org.tailor.server.store;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tailor.server.access.BrokerPasswordHash;
import org.tailor.server.persistence.Database;

/**
 * The per-terminal MQTT credentials: a terminal connects with its code as user name and a secret
 * the server issued once. Only the secret's hash is stored ({@code terminal.credential_hash}, in
 * Mosquitto's format, see {@link BrokerPasswordHash}); issuing a new secret replaces the old one.
 */
public final class TerminalCredentials {

  /** A terminal that may connect, with the hash of its secret. */
  public record Credential(String terminalCode, String storeCode, String passwordHash) {
    public Credential {
      Objects.requireNonNull(terminalCode, "terminalCode");
      Objects.requireNonNull(storeCode, "storeCode");
      Objects.requireNonNull(passwordHash, "passwordHash");
    }
  }

  /** A secret just issued: shown once, never stored. */
  public record IssuedCredential(String storeCode, String terminalCode, String secret) {
    public IssuedCredential {
      Objects.requireNonNull(storeCode, "storeCode");
      Objects.requireNonNull(terminalCode, "terminalCode");
      Objects.requireNonNull(secret, "secret");
    }

    /** The MQTT user name the terminal connects with: its code. */
    public String username() {
      return terminalCode;
    }
  }

  private final Database database;
  private final Clock clock;

  public TerminalCredentials(Database database, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Issues a new secret for a terminal, replacing the previous one, and returns it; it cannot be
   * read again. Throws {@code NotFoundException} for an unknown terminal.
   */
  public IssuedCredential issue(String terminalCode) {
    String secret = BrokerPasswordHash.newSecret();
    String hash = BrokerPasswordHash.hash(secret);
    return database.inTransaction(
        session -> {
          Terminal terminal = StoreService.terminalByCode(session, terminalCode);
          terminal.replaceCredential(hash, clock.instant());
          return new IssuedCredential(terminal.getStore().getCode(), terminal.getCode(), secret);
        });
  }

  /** The store of the terminal when the secret is the terminal's current one; else empty. */
  public Optional<String> authenticate(String terminalCode, String secret) {
    Optional<Credential> credential =
        database.read(
            session ->
                StoreService.findTerminal(session, terminalCode)
                    .flatMap(
                        t ->
                            t.getCredentialHash()
                                .map(
                                    hash ->
                                        new Credential(
                                            t.getCode(), t.getStore().getCode(), hash))));
    return credential
        .filter(c -> BrokerPasswordHash.matches(secret, c.passwordHash()))
        .map(Credential::storeCode);
  }

  /** Every terminal that has a secret, by code: what a broker's password and ACL files list. */
  public List<Credential> all() {
    return database.read(
        session ->
            session
                .createSelectionQuery(
                    "from Terminal t join fetch t.store"
                        + " where t.credentialHash is not null order by t.code",
                    Terminal.class)
                .getResultList()
                .stream()
                .map(
                    t ->
                        new Credential(
                            t.getCode(),
                            t.getStore().getCode(),
                            t.getCredentialHash().orElseThrow()))
                .toList());
  }
}
