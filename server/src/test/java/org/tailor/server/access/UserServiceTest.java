package org.tailor.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.validation.InvalidInputException;

class UserServiceTest {

  private static final String PASSWORD = "a long enough password";

  @TempDir static Path dir;
  private static Database database;
  private static UserService users;
  private static long northStore;

  @BeforeAll
  static void open() throws SQLException {
    database = Database.open(TestDatabases.h2(dir));
    users = new UserService(database, new PasswordHashing(1024, 1, 1), Clock.systemUTC());
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String[] store : new String[][] {{"n1", "North"}, {"n2", "North"}, {"s1", "South"}}) {
        s.executeUpdate(
            "insert into store (code, name, region, time_zone, created_at, updated_at) values ('"
                + store[0]
                + "', 'Store "
                + store[0]
                + "', '"
                + store[1]
                + "', 'UTC', current_timestamp, current_timestamp)");
      }
    }
    northStore =
        database.read(
            session ->
                session
                    .createNativeQuery("select id from store where code = 'n1'", Long.class)
                    .getSingleResult());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  private static NewUser manager(String username, List<String> stores) {
    return new NewUser(
        username,
        "Manager " + username,
        PASSWORD,
        UserRole.STORE_MANAGER,
        Optional.empty(),
        stores,
        "es",
        Optional.of(username + "@example.org"));
  }

  @Test
  void aStoreManagerSignsInAndSeesTheirStores() {
    users.create(manager("ana", List.of("n1")));
    ReportUser ana = users.authenticate("ana", PASSWORD).orElseThrow();
    assertThat(ana.role()).isEqualTo(UserRole.STORE_MANAGER);
    assertThat(ana.scope().storeIds()).containsExactly(northStore);
    assertThat(ana.language()).isEqualTo("es");
    assertThat(users.managersOf(northStore)).extracting(ReportUser::username).contains("ana");
  }

  @Test
  void aRegionalManagerSeesTheStoresOfTheRegion() {
    users.create(
        new NewUser(
            "rita",
            "Rita",
            PASSWORD,
            UserRole.REGIONAL,
            Optional.of("North"),
            List.of(),
            "bg",
            Optional.empty()));
    assertThat(users.authenticate("rita", PASSWORD).orElseThrow().scope().storeIds()).hasSize(2);
  }

  @Test
  void wrongPasswordsUnknownUsersAndDisabledUsersAreRefused() {
    users.create(manager("bob", List.of("n1")));
    assertThat(users.authenticate("bob", PASSWORD + "!")).isEmpty();
    assertThat(users.authenticate("nobody", PASSWORD)).isEmpty();
    assertThat(users.authenticate("bob", PASSWORD)).isPresent();
    users.disable("bob");
    assertThat(users.authenticate("bob", PASSWORD)).isEmpty();
    assertThatThrownBy(() -> users.disable("nobody"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nobody");
  }

  @Test
  void onlyAHashIsStored() {
    users.create(manager("carl", List.of("n1")));
    String stored =
        database.read(
            session ->
                session
                    .createNativeQuery(
                        "select password_hash from app_user where username = 'carl'", String.class)
                    .getSingleResult());
    assertThat(stored).startsWith("$argon2id$v=19$").doesNotContain(PASSWORD);
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> users.create(manager("no spaces", List.of("n1"))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("username"));
    assertThatThrownBy(() -> users.create(manager("dora", List.of("nowhere"))))
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("stores"))
        .hasMessageContaining("nowhere");
    assertThatThrownBy(() -> users.create(manager("dora", List.of())))
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("stores"));
    assertThatThrownBy(
            () ->
                users.create(
                    new NewUser(
                        "dora",
                        "Dora",
                        "short",
                        UserRole.ADMIN,
                        Optional.empty(),
                        List.of(),
                        "en",
                        Optional.empty())))
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("password"));
    assertThatThrownBy(
            () ->
                users.create(
                    new NewUser(
                        "dora",
                        "Dora",
                        PASSWORD,
                        UserRole.REGIONAL,
                        Optional.empty(),
                        List.of(),
                        "en",
                        Optional.empty())))
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("region"));
    // nothing half-written: dora does not exist after all those refusals
    assertThat(users.authenticate("dora", PASSWORD)).isEmpty();
    users.create(manager("erin", List.of("n1")));
    assertThatThrownBy(() -> users.create(manager("erin", List.of("n2"))))
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("username"));
  }

  @Test
  void passwordHashesCarryTheirParametersAndRejectTampering() {
    PasswordHashing hashing = new PasswordHashing(1024, 1, 1);
    String hash = hashing.hash("secret passphrase");
    assertThat(hashing.matches("secret passphrase", hash)).isTrue();
    assertThat(hashing.matches("secret passphrasf", hash)).isFalse();
    assertThat(hashing.matches("secret passphrase", hash.replace("m=1024", "m=2048"))).isFalse();
    assertThat(hashing.matches("secret passphrase", "$argon2id$garbage")).isFalse();
    assertThat(hashing.hash("secret passphrase")).isNotEqualTo(hash);
  }
}
