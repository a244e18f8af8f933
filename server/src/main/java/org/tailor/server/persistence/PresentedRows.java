package org.tailor.server.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;
import org.hibernate.Session;

/**
 * Whether presentations name an offer, store, terminal or campaign, for deleting it: the foreign
 * keys from presentations to these rows were dropped to make presentations cheaper to write (schema
 * version 11), and the presentation writer marks each row it names {@code presented} instead. A
 * delete asks here first, with the row locked until its transaction ends, so that a presentation
 * written meanwhile either marked the row before (and the delete is refused) or finds it gone (and
 * is refused itself).
 */
public final class PresentedRows {

  private static final Set<String> TABLES = Set.of("offer", "store", "terminal", "campaign");

  private PresentedRows() {}

  /**
   * Locks the row {@code id} of {@code table} ({@code offer}, {@code store}, {@code terminal} or
   * {@code campaign}) for the session's transaction and answers whether a presentation names it.
   */
  public static boolean lockNamedByPresentations(Session session, String table, long id) {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException(
          "table " + table + ": expected one of offer, store, terminal, campaign");
    }
    return Jdbc.on(
        session,
        connection -> {
          try (PreparedStatement lock =
              connection.prepareStatement(
                  "SELECT presented FROM " + table + " WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, id);
            try (ResultSet row = lock.executeQuery()) {
              return row.next() && row.getBoolean(1);
            }
          }
        });
  }
}
