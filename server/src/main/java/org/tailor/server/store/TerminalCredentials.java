package org.tailor.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

  /**
   * How long a verified login is remembered: the longest a secret replaced or revoked, or a
   * terminal deleted or renamed, by another process on the same database ({@code tailor terminals
   * issue} from the command line, another server) still logs in here. Replacing or revoking through
   * this object, and changes to stores and terminals through this server ({@link #forgetAll}),
   * forget at once.
   */
  public static final Duration VERIFIED_LOGIN_TTL = Duration.ofMinutes(2);

  /** The most verified logins remembered at once; beyond it, the least used are forgotten. */
  static final int VERIFIED_LOGIN_CACHE_SIZE = 20_000;

  /**
   * A verified login: the terminal and a keyed digest (HMAC-SHA256 under a key made for this run)
   * of the secret it presented, never the secret itself.
   */
  private record Login(String terminalCode, String secretDigest) {}

  /** A remembered store, with the number of replacements there had been when its check began. */
  private record Verified(String storeCode, long replacementsBefore) {}

  private final Database database;
  private final Clock clock;
  private final Cache<Login, Verified> verified;
  private final AtomicLong replacements = new AtomicLong();
  private final SecretKeySpec digestKey;

  public TerminalCredentials(Database database, Clock clock) {
    this(database, clock, Ticker.systemTicker());
  }

  /** With the ticker that times remembered logins, so that tests can move it. */
  TerminalCredentials(Database database, Clock clock, Ticker ticker) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(VERIFIED_LOGIN_CACHE_SIZE)
            .expireAfterWrite(VERIFIED_LOGIN_TTL)
            .ticker(Objects.requireNonNull(ticker, "ticker"))
            .build();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.digestKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * Issues a new secret for a terminal, replacing the previous one, and returns it; it cannot be
   * read again. Throws {@code NotFoundException} for an unknown terminal.
   */
  public IssuedCredential issue(String terminalCode) {
    String secret = BrokerPasswordHash.newSecret();
    String hash = BrokerPasswordHash.hash(secret);
    replacements.incrementAndGet();
    try {
      return database.inTransaction(
          session -> {
            Terminal terminal = StoreService.terminalByCode(session, terminalCode);
            terminal.replaceCredential(hash, clock.instant());
            return new IssuedCredential(terminal.getStore().getCode(), terminal.getCode(), secret);
          });
    } finally {
      forget(terminalCode);
    }
  }

  /**
   * Revokes a terminal's secret: from now on it cannot log in until a new one is issued. Throws
   * {@code NotFoundException} for an unknown terminal; revoking twice changes nothing.
   */
  public void revoke(String terminalCode) {
    replacements.incrementAndGet();
    try {
      database.inTransaction(
          session -> {
            StoreService.terminalByCode(session, terminalCode).revokeCredential(clock.instant());
            return null;
          });
    } finally {
      forget(terminalCode);
    }
  }

  /**
   * Forgets every remembered login at once, so that the next login of each terminal is checked
   * against the database: for a change to stores or terminals made through this server (a terminal
   * deleted or renamed, a store's code changed), called after it was written. A login check that
   * began before is not remembered either.
   */
  public void forgetAll() {
    replacements.incrementAndGet();
    verified.invalidateAll();
  }

  /**
   * Called after a replacement is written: counts it again, so that a check that read the old hash
   * while the replacement was being written is never trusted, then forgets the terminal's logins.
   */
  private void forget(String terminalCode) {
    replacements.incrementAndGet();
    verified.asMap().keySet().removeIf(login -> login.terminalCode().equals(terminalCode));
  }

  /**
   * The store of the terminal when the secret is the terminal's current one; else empty. A login
   * verified in the last {@link #VERIFIED_LOGIN_TTL} is answered from memory: checking the PBKDF2
   * hash and reading the terminal costs milliseconds of a core, which a reconnecting fleet would
   * otherwise pay per terminal. Only successful logins are remembered, so a wrong secret is always
   * checked against the database.
   */
  public Optional<String> authenticate(String terminalCode, String secret) {
    Objects.requireNonNull(terminalCode, "terminalCode");
    Objects.requireNonNull(secret, "secret");
    Login login = new Login(terminalCode, digest(secret));
    long replacementsBefore = replacements.get();
    Verified remembered = verified.getIfPresent(login);
    if (remembered != null && remembered.replacementsBefore() == replacements.get()) {
      return Optional.of(remembered.storeCode());
    }
    Optional<String> store = check(terminalCode, secret);
    // A check that began before a replacement may have read the old hash: not remembered.
    store.ifPresent(
        code -> {
          if (replacements.get() == replacementsBefore) {
            verified.put(login, new Verified(code, replacementsBefore));
          }
        });
    return store;
  }

  private String digest(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(digestKey);
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private Optional<String> check(String terminalCode, String secret) {
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
