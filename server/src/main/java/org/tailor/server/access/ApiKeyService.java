package org.tailor.server.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Database;
import org.tailor.server.validation.InvalidInputException;

/**
 * Creates, lists, rotates and revokes API keys, and tells who a presented key belongs to.
 *
 * <p>A key is {@code tlr_} followed by 32 random bytes in URL-safe Base64 (256 bits of entropy).
 * Only its SHA-256 hash is stored, so a copy of the database holds no usable key; because the
 * secret is random and long, an unsalted fast hash is enough (there is nothing to brute-force).
 * Revoked keys keep their row, so their names stay taken and the history stays visible.
 *
 * <p>A successful authentication is remembered for {@link #AUTHENTICATION_CACHE_TTL}, so that a
 * client sending many requests with one key costs one database look-up per that time, not one per
 * request. Revoking or rotating a key through this service forgets every remembered authentication
 * at once; a key revoked or rotated elsewhere (another server on the same database, or {@code
 * tailor keys} from the command line) keeps working here for at most that long.
 */
public final class ApiKeyService {

  /** The prefix of every Tailor key, so that leaked keys are easy to recognise and scan for. */
  public static final String KEY_PREFIX = "tlr_";

  static final int MAX_NAME_LENGTH = 100;
  private static final int SECRET_BYTES = 32;
  private static final int MAX_PRESENTED_LENGTH = 200;

  /**
   * How long a successful authentication is remembered: the longest a key revoked or rotated on
   * another server (or with {@code tailor keys}) still authenticates on this one.
   */
  public static final Duration AUTHENTICATION_CACHE_TTL = Duration.ofSeconds(30);

  /** The most authentications remembered at once; beyond it, the least used are forgotten. */
  static final int AUTHENTICATION_CACHE_SIZE = 10_000;

  private final Database database;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Remembered authentications, by the SHA-256 of the key presented. */
  private final Cache<String, Authentication> authentications;

  /** Revocations and rotations made through this service, so far. */
  private final AtomicLong revocations = new AtomicLong();

  /**
   * A remembered authentication, with the number of revocations there had been when its look-up
   * began: one that began before a later revocation may have read the key before it was revoked, so
   * it is not trusted.
   */
  private record Authentication(Caller caller, long revocationsBefore) {}

  public ApiKeyService(Database database) {
    this(database, Clock.systemUTC());
  }

  public ApiKeyService(Database database, Clock clock) {
    this(database, clock, Ticker.systemTicker());
  }

  /** With the ticker that times remembered authentications, so that tests can move it. */
  ApiKeyService(Database database, Clock clock, Ticker ticker) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.authentications =
        Caffeine.newBuilder()
            .maximumSize(AUTHENTICATION_CACHE_SIZE)
            .expireAfterWrite(AUTHENTICATION_CACHE_TTL)
            .ticker(ticker)
            .build();
  }

  /**
   * Creates a key. The returned secret is the only copy.
   *
   * @param name unique name, 1 to 100 characters, e.g. {@code "pos-integration"}
   * @param role what the key may do
   * @param storeCode for a store manager, the store the key is limited to
   * @throws InvalidInputException for a bad or taken name, an unknown store, or a store given for a
   *     role other than store manager
   */
  public IssuedApiKey create(String name, Role role, Optional<String> storeCode) {
    String checkedName = checkName(name);
    Objects.requireNonNull(role, "role");
    if (storeCode.isPresent() && role != Role.STORE_MANAGER) {
      throw new InvalidInputException(
          "store", storeCode.get(), Message.of("api", "expected.no.store", role.id()));
    }
    String secret = newSecret();
    try {
      return database.inTransaction(
          session -> {
            if (find(session, checkedName).isPresent()) {
              throw nameTaken(checkedName);
            }
            Optional<Long> storeId = storeCode.map(code -> storeId(session, code));
            ApiKey key = new ApiKey(checkedName, hash(secret), role, storeId, now());
            session.persist(key);
            session.flush();
            return new IssuedApiKey(info(key, storeCode), secret);
          });
    } catch (ConstraintViolationException e) {
      // Another process created the same name between our check and our insert.
      throw nameTaken(checkedName);
    }
  }

  /** All keys, active and revoked, by name. */
  public List<ApiKeyInfo> list() {
    return database.read(
        session ->
            session
                .createSelectionQuery("from ApiKey k order by k.name", ApiKey.class)
                .getResultList()
                .stream()
                .map(key -> info(key, key.storeId().map(id -> storeCode(session, id))))
                .toList());
  }

  /**
   * Revokes a key: from now on it authenticates nothing. Revoking a revoked key changes nothing.
   *
   * @throws InvalidInputException when no key has this name
   */
  public ApiKeyInfo revoke(String name) {
    ApiKeyInfo revoked =
        database.inTransaction(
            session -> {
              ApiKey key = find(session, name).orElseThrow(() -> unknownKey(name));
              if (key.revokedAt().isEmpty()) {
                key.revoke(now());
              }
              return info(key, key.storeId().map(id -> storeCode(session, id)));
            });
    forgetAuthentications();
    return revoked;
  }

  /**
   * Gives an existing key a new secret, keeping its name, role and store; the old secret stops
   * working at once. Also brings a revoked key back into use.
   *
   * @throws InvalidInputException when no key has this name
   */
  public IssuedApiKey rotate(String name) {
    String secret = newSecret();
    IssuedApiKey rotated =
        database.inTransaction(
            session -> {
              ApiKey key = find(session, name).orElseThrow(() -> unknownKey(name));
              key.replaceSecret(hash(secret));
              return new IssuedApiKey(
                  info(key, key.storeId().map(id -> storeCode(session, id))), secret);
            });
    forgetAuthentications();
    return rotated;
  }

  /**
   * Who a presented key belongs to: empty when it is unknown, malformed or revoked. The key is
   * hashed before it is looked up and the hashes are compared in constant time, so response times
   * tell nothing about how close a guess was. A key that authenticated in the last {@link
   * #AUTHENTICATION_CACHE_TTL} is not looked up again (see the class comment).
   */
  public Optional<Caller> authenticate(String presentedKey) {
    if (presentedKey.isEmpty() || presentedKey.length() > MAX_PRESENTED_LENGTH) {
      return Optional.empty();
    }
    String presentedHash = hash(presentedKey);
    long revocationsBefore = revocations.get();
    Authentication remembered = authentications.getIfPresent(presentedHash);
    if (remembered != null && remembered.revocationsBefore() == revocationsBefore) {
      return Optional.of(remembered.caller());
    }
    Optional<Caller> caller = lookUp(presentedHash);
    caller.ifPresent(
        found -> authentications.put(presentedHash, new Authentication(found, revocationsBefore)));
    return caller;
  }

  /**
   * Forgets every remembered authentication, after a revocation or rotation has been committed. The
   * counter also discards those whose look-up is still running and may have read the old state.
   */
  private void forgetAuthentications() {
    revocations.incrementAndGet();
    authentications.invalidateAll();
  }

  private Optional<Caller> lookUp(String presentedHash) {
    return database.read(
        session ->
            session
                .createSelectionQuery("from ApiKey k where k.keyHash = :hash", ApiKey.class)
                .setParameter("hash", presentedHash)
                .uniqueResultOptional()
                .filter(
                    key ->
                        MessageDigest.isEqual(
                            key.keyHash().getBytes(StandardCharsets.US_ASCII),
                            presentedHash.getBytes(StandardCharsets.US_ASCII)))
                .filter(key -> key.revokedAt().isEmpty())
                .map(key -> new Caller(key.name(), key.role(), key.storeId())));
  }

  /** SHA-256 of a key, as 64 lower-case hex digits: what {@code api_key.key_hash} holds. */
  static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException(
          "name", null, Message.of("errors", "expected.text", MAX_NAME_LENGTH));
    }
    String trimmed = name.strip();
    if (trimmed.length() > MAX_NAME_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException(
          "name", name, Message.of("errors", "expected.text", MAX_NAME_LENGTH));
    }
    return trimmed;
  }

  private static Optional<ApiKey> find(Session session, String name) {
    return session
        .createSelectionQuery("from ApiKey k where k.name = :name", ApiKey.class)
        .setParameter("name", name.strip())
        .uniqueResultOptional();
  }

  private static long storeId(Session session, String code) {
    return session
        .createNativeQuery("select id from store where code = :code", Long.class)
        .setParameter("code", code)
        .uniqueResultOptional()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "store", code, Message.of("api", "expected.existing.store")));
  }

  private static String storeCode(Session session, long id) {
    return session
        .createNativeQuery("select code from store where id = :id", String.class)
        .setParameter("id", id)
        .uniqueResult();
  }

  private static ApiKeyInfo info(ApiKey key, Optional<String> storeCode) {
    return new ApiKeyInfo(key.name(), key.role(), storeCode, key.createdAt(), key.revokedAt());
  }

  private static InvalidInputException nameTaken(String name) {
    return new InvalidInputException("name", name, Message.of("errors", "expected.unique"));
  }

  private static InvalidInputException unknownKey(String name) {
    return new InvalidInputException("name", name, Message.of("api", "expected.existing.key"));
  }
}
