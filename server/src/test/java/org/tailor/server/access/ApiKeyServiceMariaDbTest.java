package org.tailor.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/** The key life cycle on a real MariaDB: the entity matches the migrated schema there too. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyServiceMariaDbTest {

  private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456Z");

  private DatabaseSettings settings;
  private Database database;

  @BeforeAll
  void open() {
    settings = TestDatabases.freshMariaDb();
    database = Database.open(settings);
  }

  @AfterAll
  void close() {
    if (database != null) {
      database.close();
    }
    if (settings != null) {
      TestDatabases.drop(settings);
    }
  }

  @Test
  void createsAuthenticatesAndRevokesKeepingTheCreationTime() {
    ApiKeyService keys = new ApiKeyService(database, Clock.fixed(CREATED, ZoneOffset.UTC));
    String secret = keys.create("pos", Role.INTEGRATOR, Optional.empty()).secret();
    assertThat(keys.authenticate(secret)).map(Caller::role).contains(Role.INTEGRATOR);

    ApiKeyService later =
        new ApiKeyService(database, Clock.fixed(CREATED.plusSeconds(3600), ZoneOffset.UTC));
    later.revoke("pos");

    assertThat(later.authenticate(secret)).isEmpty();
    ApiKeyInfo listed = later.list().get(0);
    assertThat(listed.createdAt()).isEqualTo(CREATED);
    assertThat(listed.revokedAt()).contains(CREATED.plusSeconds(3600));
  }
}
