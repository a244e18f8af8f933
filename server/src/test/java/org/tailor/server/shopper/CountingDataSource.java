package org.tailor.server.shopper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts the statements executed through it (each {@code execute...} call is one
 * round trip to the database), wrapping a real one.
 */
final class CountingDataSource {

  private final AtomicInteger executed = new AtomicInteger();
  private final DataSource dataSource;

  CountingDataSource(DataSource real) {
    this.dataSource = counting(DataSource.class, real);
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** Statements executed since the last call. */
  int takeCount() {
    return executed.getAndSet(0);
  }

  private <T> T counting(Class<T> type, T real) {
    return type.cast(
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().startsWith("execute")) {
                executed.incrementAndGet();
              }
              Object result;
              try {
                result = method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Connection connection) {
                return counting(Connection.class, connection);
              }
              if (result instanceof PreparedStatement statement) {
                return counting(PreparedStatement.class, statement);
              }
              if (result instanceof Statement statement) {
                return counting(Statement.class, statement);
              }
              return result;
            }));
  }
}
