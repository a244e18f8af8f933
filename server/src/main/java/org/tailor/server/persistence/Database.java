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
 *
 * <p>Two pools: {@link #dataSource()} hands out connections as JDBC opens them (auto-commit, the
 * database's default isolation), for Hibernate, imports and health checks; {@link #transactions()}
 * hands out connections already in a transaction at READ COMMITTED, for plain-JDBC transactions
 * that lock rows and must read what others committed (the outbox dispatcher, the report roll-up).
 * Each connection of the second pool is set so once, when the pool opens it, not at every
 * transaction: {@code set autocommit} and {@code SET SESSION TRANSACTION ISOLATION LEVEL} before
 * the work and their reset when the pool takes the connection back were four of a receipt coupon's
 * round trips to MariaDB.
 */
public final class Database implements AutoCloseable {

  private final DatabaseSettings settings;
  private final HikariDataSource dataSource;
  private final HikariDataSource transactions;
  private final SessionFactory sessionFactory;

  private Database(
      DatabaseSettings settings,
      HikariDataSource dataSource,
      HikariDataSource transactions,
      SessionFactory sessionFactory) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.transactions = transactions;
    this.sessionFactory = sessionFactory;
  }

  /** Connects, migrates the schema to the newest version and starts Hibernate. */
  public static Database open(DatabaseSettings settings) {
    HikariDataSource dataSource = connect(settings, "tailor-db", true);
    HikariDataSource transactions = null;
    try {
      migrate(settings, dataSource);
      transactions = connect(settings, "tailor-db-tx", false);
      return new Database(settings, dataSource, transactions, startHibernate(dataSource));
    } catch (RuntimeException e) {
      if (transactions != null) {
        transactions.close();
      }
      dataSource.close();
      throw e;
    }
  }

  /**
   * A pool: with {@code autoCommit} its connections as JDBC opens them; without, each in a
   * transaction at READ COMMITTED from when the pool opens it, which the pool restores should a
   * borrower change either. The second pool keeps one connection open when idle, not the first's
   * full size.
   */
  private static HikariDataSource connect(
      DatabaseSettings settings, String name, boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setPoolName(name);
    config.setAutoCommit(autoCommit);
    if (!autoCommit) {
      config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
      config.setMinimumIdle(1);
    }
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

  /**
   * The pool for plain-JDBC transactions at READ COMMITTED: every connection comes in a transaction
   * (not auto-commit) at that isolation, so the borrower neither sets nor resets either; it commits
   * or rolls back before closing (a connection closed with work neither committed nor rolled back
   * is rolled back by the pool).
   */
  public DataSource transactions() {
    return transactions;
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
      try {
        transactions.close();
      } finally {
        dataSource.close();
      }
    }
  }
}
