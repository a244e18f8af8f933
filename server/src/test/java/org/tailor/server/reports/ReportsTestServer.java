package org.tailor.server.reports;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.NewUser;
import org.tailor.server.access.UserRole;
import org.tailor.server.access.UserService;
import org.tailor.server.api.HttpApi;
import org.tailor.server.api.HttpApiSettings;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.RfmCutPoints;

/**
 * The reports UI on a free port over an H2 database holding {@link ReportFixture}'s chain, rolled
 * up, with three people: {@code maria} (store manager of north-1), {@code nadia} (regional manager
 * of North, Persian) and {@code admin}.
 */
final class ReportsTestServer implements AutoCloseable {

  static final String PASSWORD = "correct horse battery";

  final Database database;
  final HttpApi http;
  final ReportFixture chain;
  final UserService users;

  ReportsTestServer(Path dir) throws SQLException {
    database = Database.open(TestDatabases.h2(dir));
    chain = ReportFixture.write(database.dataSource(), 21, 30);
    Clock clock = Clock.systemUTC();
    new ReportRollup(database.dataSource(), Duration.ofDays(14), () -> RfmCutPoints.NONE, clock)
        .refresh(ReportFixture.FIRST_DAY);
    users = new UserService(database, clock);
    users.create(
        new NewUser(
            "maria",
            "María Gómez",
            PASSWORD,
            UserRole.STORE_MANAGER,
            Optional.empty(),
            List.of("north-1"),
            "en",
            Optional.of("maria@example.org")));
    users.create(
        new NewUser(
            "nadia",
            "نادیا",
            PASSWORD,
            UserRole.REGIONAL,
            Optional.of("North"),
            List.of(),
            "fa",
            Optional.empty()));
    users.create(
        new NewUser(
            "admin",
            "Head office admin",
            PASSWORD,
            UserRole.ADMIN,
            Optional.empty(),
            List.of(),
            "en",
            Optional.empty()));
    ApiKeyService keys = new ApiKeyService(database, clock);
    ReportsSettings settings = ReportsSettings.defaults();
    http =
        HttpApi.builder(HttpApiSettings.local(0), keys)
            .webContext(
                ReportsWeb.context(
                    new ReportQueries(database.dataSource(), 0.95, 50),
                    users,
                    keys,
                    settings,
                    clock))
            .start();
  }

  URI reports() {
    return http.uri().resolve("reports/");
  }

  @Override
  public void close() {
    http.close();
    database.close();
  }
}
