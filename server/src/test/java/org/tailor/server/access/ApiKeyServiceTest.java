package org.tailor.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.validation.InvalidInputException;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyServiceTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");

  @TempDir static Path dir;
  private final AtomicLong tickerNanos = new AtomicLong();
  private Database database;
  private ApiKeyService keys;

  @BeforeAll
  void open() {
    database = Database.open(TestDatabases.h2(dir));
    keys = new ApiKeyService(database, Clock.fixed(NOW, ZoneOffset.UTC), tickerNanos::get);
  }

  @BeforeEach
  void empty() throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM api_key");
      s.executeUpdate("DELETE FROM store");
    }
  }

  @AfterAll
  void close() {
    database.close();
  }

  @Test
  void issuesAPrefixedRandomKeyAndStoresOnlyItsSha256() throws Exception {
    IssuedApiKey issued = keys.create("pos-integration", Role.INTEGRATOR, Optional.empty());

    assertThat(issued.secret()).startsWith("tlr_").hasSize(4 + 43);
    assertThat(issued.toString()).doesNotContain(issued.secret());
    List<String> row = onlyRow("SELECT name, key_hash, role, created_at FROM api_key");
    assertThat(row.get(0)).isEqualTo("pos-integration");
    assertThat(row.get(1)).isEqualTo(ApiKeyService.hash(issued.secret())).hasSize(64);
    assertThat(String.join("|", row)).doesNotContain(issued.secret().substring(4));
    assertThat(row.get(2)).isEqualTo("integrator");
    assertThat(issued.info().createdAt()).isEqualTo(NOW);
  }

  @Test
  void issuesADifferentKeyEachTime() {
    String first = keys.create("a", Role.ADMIN, Optional.empty()).secret();
    String second = keys.create("b", Role.ADMIN, Optional.empty()).secret();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void authenticatesTheKeyItIssued() {
    String secret = keys.create("reports", Role.STORE_MANAGER, Optional.empty()).secret();
    assertThat(keys.authenticate(secret))
        .contains(new Caller("reports", Role.STORE_MANAGER, Optional.empty()));
  }

  @Test
  void refusesAWrongOrMalformedKey() {
    String secret = keys.create("reports", Role.ADMIN, Optional.empty()).secret();
    char last = secret.charAt(secret.length() - 1);
    String oneCharacterOff = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(keys.authenticate(oneCharacterOff)).isEmpty();
    assertThat(keys.authenticate("tlr_")).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate("x".repeat(10_000))).isEmpty();
  }

  @Test
  void refusesARevokedKeyAndKeepsItListed() {
    String secret = keys.create("old", Role.ADMIN, Optional.empty()).secret();
    assertThat(keys.authenticate(secret)).isPresent();
    ApiKeyInfo revoked = keys.revoke("old");

    assertThat(revoked.revokedAt()).contains(NOW);
    assertThat(keys.authenticate(secret)).isEmpty();
    assertThat(keys.list()).singleElement().satisfies(k -> assertThat(k.isActive()).isFalse());
  }

  @Test
  void rotatingReplacesTheSecret() {
    String old = keys.create("kiosk", Role.INTEGRATOR, Optional.empty()).secret();
    assertThat(keys.authenticate(old)).isPresent();
    String fresh = keys.rotate("kiosk").secret();

    assertThat(keys.authenticate(old)).isEmpty();
    assertThat(keys.authenticate(fresh)).map(Caller::keyName).contains("kiosk");
  }

  @Test
  void aKeyRevokedElsewhereWorksHereForTheCacheTtlAtMost() {
    String secret = keys.create("till", Role.INTEGRATOR, Optional.empty()).secret();
    assertThat(keys.authenticate(secret)).isPresent();
    ApiKeyService otherServer = new ApiKeyService(database, Clock.fixed(NOW, ZoneOffset.UTC));

    otherServer.revoke("till");

    assertThat(otherServer.authenticate(secret)).isEmpty();
    advance(ApiKeyService.AUTHENTICATION_CACHE_TTL.minusSeconds(1));
    assertThat(keys.authenticate(secret)).map(Caller::keyName).contains("till");
    advance(Duration.ofSeconds(1));
    assertThat(keys.authenticate(secret)).isEmpty();
  }

  private void advance(Duration duration) {
    tickerNanos.addAndGet(duration.toNanos());
  }

  @Test
  void rotatingBringsARevokedKeyBack() {
    keys.create("kiosk", Role.INTEGRATOR, Optional.empty());
    keys.revoke("kiosk");
    String fresh = keys.rotate("kiosk").secret();
    assertThat(keys.authenticate(fresh)).isPresent();
  }

  @Test
  void refusesATakenNameWithoutChangingTheFirstKey() {
    String first = keys.create("pos", Role.ADMIN, Optional.empty()).secret();

    assertThatThrownBy(() -> keys.create("pos", Role.INTEGRATOR, Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("name");
              assertThat(e.value()).isEqualTo("pos");
            });
    assertThat(keys.authenticate(first)).map(Caller::role).contains(Role.ADMIN);
    assertThat(keys.list()).hasSize(1);
  }

  @Test
  void refusesABlankOrOverlongName() {
    assertThatThrownBy(() -> keys.create(" ", Role.ADMIN, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("name is missing");
    assertThatThrownBy(() -> keys.create("n".repeat(101), Role.ADMIN, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1 to 100 characters");
  }

  @Test
  void limitsAStoreManagersKeyToAnExistingStore() throws Exception {
    long storeId = insertStore("MAD-01");
    String secret = keys.create("madrid", Role.STORE_MANAGER, Optional.of("MAD-01")).secret();

    Caller caller = keys.authenticate(secret).orElseThrow();
    assertThat(caller.storeId()).contains(storeId);
    assertThat(caller.maySeeStore(storeId)).isTrue();
    assertThat(caller.maySeeStore(storeId + 1)).isFalse();
    assertThat(keys.list())
        .singleElement()
        .satisfies(k -> assertThat(k.storeCode()).contains("MAD-01"));
  }

  @Test
  void refusesAnUnknownStoreAndWritesNothing() {
    assertThatThrownBy(() -> keys.create("x", Role.STORE_MANAGER, Optional.of("NOPE")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("store");
              assertThat(e.value()).isEqualTo("NOPE");
            });
    assertThat(keys.list()).isEmpty();
  }

  @Test
  void refusesAStoreForARoleThatIsNotLimitedToOne() throws Exception {
    insertStore("MAD-01");
    assertThatThrownBy(() -> keys.create("x", Role.ADMIN, Optional.of("MAD-01")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("store_manager");
  }

  @Test
  void refusesToRevokeAKeyThatDoesNotExist() {
    assertThatThrownBy(() -> keys.revoke("ghost"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.value()).isEqualTo("ghost"));
  }

  @Test
  void readsRolesByTheirIds() {
    assertThat(Role.fromId("store-manager")).contains(Role.STORE_MANAGER);
    assertThat(Role.fromId(" ADMIN ")).contains(Role.ADMIN);
    assertThat(Role.fromId("root")).isEmpty();
  }

  private long insertStore(String code) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO store (code, name, time_zone, created_at, updated_at) VALUES ('"
              + code
              + "', 'Madrid', 'Europe/Madrid', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      try (ResultSet rs = s.executeQuery("SELECT id FROM store WHERE code = '" + code + "'")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private List<String> onlyRow(String sql) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.add(rs.getString(i));
      }
      assertThat(rs.next()).isFalse();
      return row;
    }
  }
}
