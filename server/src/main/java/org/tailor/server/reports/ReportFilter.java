package org.tailor.server.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tailor.server.access.StoreScope;

/**
 * Which rows of the roll-ups a report covers: days {@code from} to {@code to} (UTC, both included),
 * optionally one store, always within the stores the reader may see.
 *
 * @param from first day
 * @param to last day
 * @param storeId one store chosen by the reader
 * @param scope the stores the reader may see
 */
public record ReportFilter(LocalDate from, LocalDate to, Optional<Long> storeId, StoreScope scope) {

  public ReportFilter {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(scope, "scope");
  }

  /** A SQL condition on {@code alias.report_date} and {@code alias.store_id}, with parameters. */
  SqlCondition condition(String alias) {
    String prefix = alias.isEmpty() ? "" : alias + ".";
    StringBuilder sql = new StringBuilder(prefix + "report_date between ? and ?");
    List<Object> parameters = new ArrayList<>(List.of(from, to));
    if (storeId.isPresent()) {
      sql.append(" and ").append(prefix).append("store_id = ?");
      parameters.add(storeId.get());
    }
    if (!scope.everyStore()) {
      if (scope.storeIds().isEmpty()) {
        sql.append(" and 1 = 0");
      } else {
        sql.append(" and ").append(prefix).append("store_id in (");
        boolean first = true;
        for (Long id : scope.storeIds()) {
          sql.append(first ? "?" : ", ?");
          parameters.add(id);
          first = false;
        }
        sql.append(")");
      }
    }
    return new SqlCondition(sql.toString(), parameters);
  }

  /** A piece of SQL and the values of its placeholders, in order. */
  record SqlCondition(String sql, List<Object> parameters) {
    SqlCondition {
      parameters = List.copyOf(parameters);
    }
  }
}
