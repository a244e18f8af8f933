package org.tailor.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * The database: a connection pool, the schema brought up to date by Flyway migrations, and a
 * Hibernate session factory over the entities. One per server; close it on shut-down.
 *
 * <p>H2 (embedded, the default) runs in MariaDB compatibility mode so that one set of migrations
 * serves both databases; Hibernate only validates that the entities match the migrated schema.
 */
public final class Database implements AutoCloseable {

  private final DatabaseSettings settings;
  private final HikariDataSource dataSource;
  private final SessionFactory sessionFactory;

  private Database(
      DatabaseSettings settings, HikariDataSource dataSource, SessionFactory sessionFactory) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.sessionFactory = sessionFactory;
  }

  /** Connects, migrates the schema to the newest version and starts Hibernate. */
  public static Database open(DatabaseSettings settings) {
    HikariDataSource dataSource = connect(settings);
    try {
      migrate(settings, dataSource);
      return new Database(settings, dataSource, startHibernate(dataSource));
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private static HikariDataSource connect(DatabaseSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setPoolName("tailor-db");
    config.setAutoCommit(true);
    if (settings.isMariaDb()) {
      // Send batched INSERTs as one bulk command; keep text in full Unicode.
      config.addDataSourceProperty("useBulkStmts", "true");
      config.addDataSourceProperty("useBulkStmtsForInserts", "true");
      config.addDataSourceProperty("connectionCollation", "utf8mb4_bin");
    }
    return new HikariDataSource(config);
  }

  private static void migrate(DatabaseSettings settings, DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .placeholders(
            Map.of(
                "table_options",
                settings.isMariaDb()
                    ? "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
                    : "",
                // the current time in UTC, whatever the session's time zone (H2 has no
                // UTC_TIMESTAMP, and its casts convert to the session's time zone)
                "utc_now",
                settings.isMariaDb()
                    ? "UTC_TIMESTAMP(6)"
                    : "CAST(FORMATDATETIME(CURRENT_TIMESTAMP(6),"
                        + " 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'en', 'UTC') AS TIMESTAMP(6))"))
        .load()
        .migrate();
  }

  private static SessionFactory startHibernate(DataSource dataSource) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder()
            .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
            .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
            .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 500)
            .applySetting(AvailableSettings.ORDER_INSERTS, true)
            .applySetting(AvailableSettings.ORDER_UPDATES, true)
            .applySetting(AvailableSettings.SHOW_SQL, false)
            .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
            .build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      for (Class<?> entity : PersistenceModel.ENTITIES) {
        sources.addAnnotatedClass(entity);
      }
      return sources.buildMetadata().buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back if it throws. */
  public <T> T inTransaction(Function<Session, T> work) {
    return sessionFactory.fromTransaction(work);
  }

  /** Runs {@code work} in a read-only session. */
  public <T> T read(Function<Session, T> work) {
    return sessionFactory.fromSession(
        session -> {
          session.setDefaultReadOnly(true);
          return work.apply(session);
        });
  }

  /** The pool, for bulk work that bypasses the ORM (imports) and for health checks. */
  public DataSource dataSource() {
    return dataSource;
  }

  public SessionFactory sessionFactory() {
    return sessionFactory;
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** Names of the entity classes mapped, for diagnostics. */
  public static List<String> entityNames() {
    return PersistenceModel.ENTITIES.stream().map(Class::getSimpleName).toList();
  }

  @Override
  public void close() {
    try {
      sessionFactory.close();
    } finally {
      dataSource.close();
    }
  }
}
