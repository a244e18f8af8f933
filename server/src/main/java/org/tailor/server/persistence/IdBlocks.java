package org.tailor.server.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Blocks of ids for rows that are named before they are written (table {@code id_block}): a block
 * is taken in one short transaction of its own, which raises the block's {@code next_id} under a
 * row lock, so that two servers (or a server and a command-line tool) never get overlapping blocks.
 * A block starts above the highest id already in the table, so rows another tool wrote with
 * explicit ids are never reused. Ids of a block a server does not use up are lost, which leaves
 * gaps and nothing worse.
 */
public final class IdBlocks {

  /** The tables whose ids are handed out in blocks, each named after its table. */
  private static final Set<String> TABLES = Set.of("presentation");

  private IdBlocks() {}

  /** An id range, {@code first} inclusive to {@code end} exclusive. */
  public record Block(long first, long end) {
    public Block {
      if (end <= first) {
        throw new IllegalArgumentException("empty block " + first + ".." + end);
      }
    }

    public long size() {
      return end - first;
    }
  }

  /** Takes {@code size} ids of {@code table} in a transaction of its own. */
  public static Block take(DataSource dataSource, String table, int size) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        Block block = take(connection, table, size);
        connection.commit();
        return block;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take a block of " + table + " ids", e);
    }
  }

  /**
   * Takes {@code size} ids of {@code table} in the connection's transaction; the block is reserved
   * once that transaction commits, and other takers wait for it until then.
   */
  public static Block take(Connection connection, String table, int size) throws SQLException {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException("no id blocks for table " + table);
    }
    if (size < 1) {
      throw new IllegalArgumentException("block size " + size + " is below 1");
    }
    long next;
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT next_id FROM id_block WHERE name = ? FOR UPDATE")) {
      lock.setString(1, table);
      try (ResultSet row = lock.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("no row for " + table + " in id_block");
        }
        next = row.getLong(1);
      }
    }
    try (PreparedStatement highest =
            connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + table);
        ResultSet row = highest.executeQuery()) {
      row.next();
      next = Math.max(next, row.getLong(1) + 1);
    }
    try (PreparedStatement raise =
        connection.prepareStatement("UPDATE id_block SET next_id = ? WHERE name = ?")) {
      raise.setLong(1, next + size);
      raise.setString(2, table);
      raise.executeUpdate();
    }
    return new Block(next, next + size);
  }
}
