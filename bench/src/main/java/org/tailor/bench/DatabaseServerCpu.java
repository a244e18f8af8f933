package org.tailor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The CPU time MariaDB spends for a benchmark, read from Linux's {@code /proc} when the server runs
 * on this machine: the whole {@code mariadbd} (or {@code mysqld}) process, and the threads serving
 * the connections open on the benchmark's database (MariaDB runs one thread per connection and
 * names it in {@code information_schema.PROCESSLIST.TID}). The process figure includes whatever
 * else the server does at the time, other databases' work among it; the connections' figure leaves
 * out the server's background threads (page flushing, purge), which work for the benchmark too.
 *
 * <p>A {@link Reading} taken before a run and one taken after give the CPU between them: a
 * connection's thread present in the second reading but not the first counts from its start.
 */
final class DatabaseServerCpu {

  /** Linux's clock ticks per second for {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}). */
  private static final long TICKS_PER_SECOND = 100;

  private final MariaDbServer server;
  private final String database;
  private final OptionalLong pid;

  private DatabaseServerCpu(MariaDbServer server, String database, OptionalLong pid) {
    this.server = server;
    this.database = database;
    this.pid = pid;
  }

  /** The probe of database {@code database}'s server; reads nothing when it is not local. */
  static DatabaseServerCpu of(MariaDbServer server, String database) {
    return new DatabaseServerCpu(server, database, localServerPid());
  }

  /** CPU time so far, in nanoseconds: the whole server's, and each connection thread's by id. */
  record Reading(long processNanos, Map<Long, Long> connectionNanos) {

    /** The process's CPU from {@code before} to this reading; -1 when either could not tell. */
    long processSince(Reading before) {
      return processNanos < 0 || before.processNanos < 0 ? -1 : processNanos - before.processNanos;
    }

    /** The connection threads' CPU from {@code before} to this reading; -1 when unknown. */
    long connectionsSince(Reading before) {
      if (processNanos < 0 || before.processNanos < 0) {
        return -1;
      }
      long total = 0;
      for (Map.Entry<Long, Long> thread : connectionNanos.entrySet()) {
        total += thread.getValue() - before.connectionNanos.getOrDefault(thread.getKey(), 0L);
      }
      return total;
    }
  }

  /** The CPU times now; {@code -1} for the process when the server is not on this machine. */
  Reading read() throws SQLException {
    if (pid.isEmpty()) {
      return new Reading(-1, Map.of());
    }
    Map<Long, Long> threads = new HashMap<>();
    try (Connection connection = server.connect(database);
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT TID FROM information_schema.PROCESSLIST WHERE DB = DATABASE()"
                    + " AND ID <> CONNECTION_ID()")) {
      while (row.next()) {
        long tid = row.getLong(1);
        cpuNanos(Path.of("/proc", Long.toString(pid.getAsLong()), "task", Long.toString(tid)))
            .ifPresent(nanos -> threads.put(tid, nanos));
      }
    }
    long process = cpuNanos(Path.of("/proc", Long.toString(pid.getAsLong()))).orElse(-1L);
    return new Reading(process, threads);
  }

  /** User plus system time of a process or thread ({@code /proc/.../stat} fields 14 and 15). */
  static Optional<Long> cpuNanos(Path procEntry) {
    try {
      String stat = Files.readString(procEntry.resolve("stat"));
      // the command name, in parentheses, may hold spaces: count fields after its last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return Optional.of(ticks * (1_000_000_000L / TICKS_PER_SECOND));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The process id of the MariaDB server on this machine, if there is exactly one. */
  static OptionalLong localServerPid() {
    long[] found =
        ProcessHandle.allProcesses()
            .filter(
                process -> {
                  try {
                    String name = Files.readString(Path.of("/proc", process.pid() + "", "comm"));
                    return name.strip().equals("mariadbd") || name.strip().equals("mysqld");
                  } catch (IOException e) {
                    return false;
                  }
                })
            .mapToLong(ProcessHandle::pid)
            .toArray();
    return found.length == 1 ? OptionalLong.of(found[0]) : OptionalLong.empty();
  }
}
