package org.tailor.server.access;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hibernate.Session;
import org.tailor.server.i18n.Message;
import org.tailor.server.i18n.Messages;
import org.tailor.server.persistence.Database;
import org.tailor.server.validation.InvalidInputException;

/**
 * The people who sign in to the reports UI: creates them, checks their passwords and tells which
 * stores each may see. Passwords are kept only as Argon2id hashes ({@link PasswordHashing}).
 */
public final class UserService {

  /** The shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for 12). */
  public static final int MIN_PASSWORD_LENGTH = 12;

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
  private static final int MAX_PASSWORD_LENGTH = 200;

  private final Database database;
  private final PasswordHashing hashing;
  private final Clock clock;
  private final String unknownUserHash;

  public UserService(Database database, Clock clock) {
    this(database, new PasswordHashing(), clock);
  }

  public UserService(Database database, PasswordHashing hashing, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.hashing = Objects.requireNonNull(hashing, "hashing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.unknownUserHash = hashing.hash("no such user: the same work as for a real one");
  }

  /**
   * Creates a person.
   *
   * @throws InvalidInputException naming the field for a bad or taken username, a short password,
   *     an unknown store, a store manager without stores or a regional manager without a region
   */
  public ReportUser create(NewUser user) {
    String username = checkUsername(user.username());
    String displayName = checkText("displayName", user.displayName(), 200);
    if (user.password() == null
        || user.password().length() < MIN_PASSWORD_LENGTH
        || user.password().length() > MAX_PASSWORD_LENGTH) {
      throw new InvalidInputException(
          "password",
          "(" + (user.password() == null ? 0 : user.password().length()) + " characters)",
          Message.of("reports", "expected.password", MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH));
    }
    if (!Messages.SHIPPED_LANGUAGES.contains(user.language())) {
      throw new InvalidInputException(
          "language", user.language(), Message.of("errors", "expected.language"));
    }
    if (user.role() == UserRole.STORE_MANAGER && user.storeCodes().isEmpty()) {
      throw new InvalidInputException("stores", "", Message.of("reports", "expected.stores"));
    }
    if (user.role() != UserRole.STORE_MANAGER && !user.storeCodes().isEmpty()) {
      throw new InvalidInputException(
          "stores",
          String.join(",", user.storeCodes()),
          Message.of("reports", "expected.no.stores", user.role().id()));
    }
    Optional<String> region = user.region().map(String::strip).filter(r -> !r.isEmpty());
    if (user.role() == UserRole.REGIONAL && region.isEmpty()) {
      throw new InvalidInputException("region", "", Message.of("reports", "expected.region"));
    }
    String hash = hashing.hash(user.password());
    Instant now = now();
    long id =
        database.inTransaction(
            session -> {
              if (findId(session, username).isPresent()) {
                throw new InvalidInputException(
                    "username", username, Message.of("errors", "expected.unique"));
              }
              List<Long> storeIds = new ArrayList<>();
              for (String code : user.storeCodes()) {
                storeIds.add(storeId(session, code.strip()));
              }
              session
                  .createNativeMutationQuery(
                      "insert into app_user (username, display_name, password_hash, role, region,"
                          + " language, email, created_at, updated_at)"
                          + " values (:u, :d, :h, :r, :g, :l, :e, :now, :now)")
                  .setParameter("u", username)
                  .setParameter("d", displayName)
                  .setParameter("h", hash)
                  .setParameter("r", user.role().id())
                  .setParameter("g", region.orElse(null))
                  .setParameter("l", user.language())
                  .setParameter("e", user.email().map(String::strip).orElse(null))
                  .setParameter("now", utc(now))
                  .executeUpdate();
              long newId = findId(session, username).orElseThrow();
              for (Long storeId : storeIds) {
                session
                    .createNativeMutationQuery(
                        "insert into app_user_store (user_id, store_id) values (:u, :s)")
                    .setParameter("u", newId)
                    .setParameter("s", storeId)
                    .executeUpdate();
              }
              return newId;
            });
    return find(id).orElseThrow();
  }

  /**
   * The person with this username and password, when they exist, are not disabled and the password
   * matches. An unknown username costs the same hashing work as a known one.
   */
  public Optional<ReportUser> authenticate(String username, String password) {
    if (username == null
        || password == null
        || password.length() > MAX_PASSWORD_LENGTH
        || !USERNAME.matcher(username.strip()).matches()) {
      return Optional.empty();
    }
    Optional<Object[]> row =
        database.read(
            session ->
                session
                    .createNativeQuery(
                        "select id, password_hash from app_user"
                            + " where username = :u and disabled_at is null",
                        Object[].class)
                    .setParameter("u", username.strip())
                    .uniqueResultOptional());
    String stored = row.map(r -> (String) r[1]).orElse(unknownUserHash);
    boolean matches = hashing.matches(password, stored);
    if (row.isEmpty() || !matches) {
      return Optional.empty();
    }
    return find(((Number) row.get()[0]).longValue());
  }

  /** The person with this id, with their store scope as it is now; empty when disabled. */
  public Optional<ReportUser> find(long id) {
    return database.read(session -> load(session, id));
  }

  /** Everyone, by username, including disabled people (flagged by the second element). */
  public List<ReportUser> list() {
    return database.read(
        session -> {
          List<Long> ids =
              session
                  .createNativeQuery(
                      "select id from app_user where disabled_at is null order by username",
                      Long.class)
                  .getResultList();
          List<ReportUser> users = new ArrayList<>();
          for (Long id : ids) {
            load(session, id).ifPresent(users::add);
          }
          return users;
        });
  }

  /**
   * Disables a person: they can no longer sign in and their open sessions end at their next page.
   *
   * @throws InvalidInputException when no one has this username
   */
  public void disable(String username) {
    database.inTransaction(
        session -> {
          int changed =
              session
                  .createNativeMutationQuery(
                      "update app_user set disabled_at = :now, updated_at = :now"
                          + " where username = :u and disabled_at is null")
                  .setParameter("now", utc(now()))
                  .setParameter("u", username)
                  .executeUpdate();
          if (changed == 0 && findId(session, username).isEmpty()) {
            throw new InvalidInputException(
                "username", username, Message.of("reports", "expected.existing.user"));
          }
          return changed;
        });
  }

  /**
   * Gives a person a new password; it works from their next sign-in.
   *
   * @throws InvalidInputException for a short password or an unknown username
   */
  public void changePassword(String username, String password) {
    if (password == null
        || password.length() < MIN_PASSWORD_LENGTH
        || password.length() > MAX_PASSWORD_LENGTH) {
      throw new InvalidInputException(
          "password",
          "(" + (password == null ? 0 : password.length()) + " characters)",
          Message.of("reports", "expected.password", MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH));
    }
    String hash = hashing.hash(password);
    database.inTransaction(
        session -> {
          int changed =
              session
                  .createNativeMutationQuery(
                      "update app_user set password_hash = :h, updated_at = :now"
                          + " where username = :u")
                  .setParameter("h", hash)
                  .setParameter("now", utc(now()))
                  .setParameter("u", username)
                  .executeUpdate();
          if (changed == 0) {
            throw new InvalidInputException(
                "username", username, Message.of("reports", "expected.existing.user"));
          }
          return changed;
        });
  }

  /** The people who manage this store and have an email address, for the weekly report. */
  public List<ReportUser> managersOf(long storeId) {
    return database.read(
        session -> {
          List<Long> ids =
              session
                  .createNativeQuery(
                      "select u.id from app_user u join app_user_store s on s.user_id = u.id"
                          + " where s.store_id = :s and u.disabled_at is null"
                          + " and u.email is not null order by u.username",
                      Long.class)
                  .setParameter("s", storeId)
                  .getResultList();
          List<ReportUser> users = new ArrayList<>();
          for (Long id : ids) {
            load(session, id).ifPresent(users::add);
          }
          return users;
        });
  }

  private static Optional<ReportUser> load(Session session, long id) {
    Optional<Object[]> row =
        session
            .createNativeQuery(
                "select username, display_name, role, region, language, email from app_user"
                    + " where id = :id and disabled_at is null",
                Object[].class)
            .setParameter("id", id)
            .uniqueResultOptional();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = row.get();
    UserRole role =
        UserRole.fromId((String) r[2])
            .orElseThrow(() -> new IllegalStateException("unknown role in app_user: " + r[2]));
    Optional<String> region = Optional.ofNullable((String) r[3]);
    StoreScope scope =
        switch (role) {
          case ADMIN, HEAD_OFFICE -> StoreScope.all();
          case REGIONAL ->
              StoreScope.of(
                  ids(
                      session
                          .createNativeQuery("select id from store where region = :g", Long.class)
                          .setParameter("g", region.orElse(""))
                          .getResultList()));
          case STORE_MANAGER ->
              StoreScope.of(
                  ids(
                      session
                          .createNativeQuery(
                              "select store_id from app_user_store where user_id = :u", Long.class)
                          .setParameter("u", id)
                          .getResultList()));
        };
    return Optional.of(
        new ReportUser(
            id,
            (String) r[0],
            (String) r[1],
            role,
            region,
            (String) r[4],
            Optional.ofNullable((String) r[5]),
            scope));
  }

  private static Set<Long> ids(List<Long> list) {
    return new HashSet<>(list);
  }

  private static Optional<Long> findId(Session session, String username) {
    return session
        .createNativeQuery("select id from app_user where username = :u", Long.class)
        .setParameter("u", username)
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
                    "stores", code, Message.of("api", "expected.existing.store")));
  }

  private static String checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username.strip()).matches()) {
      throw new InvalidInputException(
          "username", username, Message.of("reports", "expected.username"));
    }
    return username.strip();
  }

  private static String checkText(String field, String text, int max) {
    if (text == null || text.isBlank() || text.strip().length() > max) {
      throw new InvalidInputException(field, text, Message.of("errors", "expected.text", max));
    }
    return text.strip();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
