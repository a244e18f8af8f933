package org.tailor.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Constraints;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.PresentedRows;
import org.tailor.server.validation.Check;
import org.tailor.server.validation.ConflictException;
import org.tailor.server.validation.NotFoundException;

/**
 * The chain's stores and the terminals standing in them: create, read, update and delete, with
 * every field checked. A store that terminals or purchases still refer to cannot be deleted.
 */
public final class StoreService {

  /** The kinds of terminal Tailor serves. */
  public static final List<String> TERMINAL_KINDS = List.of("kiosk", "till");

  private final Database database;
  private final Clock clock;
  private final Runnable changed;

  public StoreService(Database database, Clock clock) {
    this(database, clock, () -> {});
  }

  /**
   * @param changed run after every change to a store or terminal (committed or not), such as the
   *     decision pipeline's cache
   */
  public StoreService(Database database, Clock clock, Runnable changed) {
    this.database = database;
    this.clock = clock;
    this.changed = changed;
  }

  public StoreDetails createStore(StoreDetails details) {
    try {
      StoreDetails valid = validate(details);
      return Constraints.duplicateIsConflict(
          "kind.store",
          valid.code(),
          () ->
              database.inTransaction(
                  session -> {
                    if (findStore(session, valid.code()).isPresent()) {
                      throw ConflictException.duplicate("kind.store", valid.code());
                    }
                    Store store = new Store(valid, clock.instant());
                    session.persist(store);
                    return store.details();
                  }));
    } finally {
      changed.run();
    }
  }

  /** Replaces the store's details; the code may change if the new one is not taken. */
  public StoreDetails updateStore(String code, StoreDetails details) {
    try {
      StoreDetails valid = validate(details);
      return Constraints.duplicateIsConflict(
          "kind.store",
          valid.code(),
          () ->
              database.inTransaction(
                  session -> {
                    Store store = storeByCode(session, code);
                    if (!code.equals(valid.code())
                        && findStore(session, valid.code()).isPresent()) {
                      throw ConflictException.duplicate("kind.store", valid.code());
                    }
                    store.update(valid, clock.instant());
                    return store.details();
                  }));
    } finally {
      changed.run();
    }
  }

  public StoreDetails store(String code) {
    return database.read(session -> storeByCode(session, code).details());
  }

  /** Every store, by code. */
  public List<StoreDetails> stores() {
    return database.read(
        session ->
            session.createSelectionQuery("from Store order by code", Store.class).stream()
                .map(Store::details)
                .toList());
  }

  /**
   * Deletes a store nobody refers to. Refused with a {@link ConflictException} while terminals,
   * purchases, offers, presentations or shoppers still refer to it.
   */
  public void deleteStore(String code) {
    try {
      try {
        database.inTransaction(
            session -> {
              Store store = storeByCode(session, code);
              long terminals =
                  count(session, "select count(*) from Terminal where store = :s", store);
              long purchases =
                  count(session, "select count(*) from Purchase where store = :s", store);
              if (terminals > 0 || purchases > 0) {
                throw new ConflictException(
                    Message.of("domain", "conflict.store.in.use", code, terminals, purchases));
              }
              if (PresentedRows.lockNamedByPresentations(session, "store", store.getId())) {
                throw inUseConflict("kind.store", code);
              }
              session.remove(store);
              session.flush();
              return null;
            });
      } catch (RuntimeException e) {
        if (Constraints.violated(e)) {
          throw inUseConflict("kind.store", code);
        }
        throw e;
      }
    } finally {
      changed.run();
    }
  }

  public TerminalView createTerminal(String storeCode, TerminalDetails details) {
    try {
      TerminalDetails valid = validate(details);
      return Constraints.duplicateIsConflict(
          "kind.terminal",
          valid.code(),
          () ->
              database.inTransaction(
                  session -> {
                    Store store = storeByCode(session, storeCode);
                    if (findTerminal(session, valid.code()).isPresent()) {
                      throw ConflictException.duplicate("kind.terminal", valid.code());
                    }
                    Terminal terminal = new Terminal(store, valid, clock.instant());
                    session.persist(terminal);
                    return terminal.view();
                  }));
    } finally {
      changed.run();
    }
  }

  /** Replaces the terminal's code, kind and name; it stays in its store. */
  public TerminalView updateTerminal(String code, TerminalDetails details) {
    try {
      TerminalDetails valid = validate(details);
      return Constraints.duplicateIsConflict(
          "kind.terminal",
          valid.code(),
          () ->
              database.inTransaction(
                  session -> {
                    Terminal terminal = terminalByCode(session, code);
                    if (!code.equals(valid.code())
                        && findTerminal(session, valid.code()).isPresent()) {
                      throw ConflictException.duplicate("kind.terminal", valid.code());
                    }
                    terminal.update(terminal.getStore(), valid, clock.instant());
                    return terminal.view();
                  }));
    } finally {
      changed.run();
    }
  }

  public TerminalView terminal(String code) {
    return database.read(session -> terminalByCode(session, code).view());
  }

  /** The terminals of a store, by code. */
  public List<TerminalView> terminals(String storeCode) {
    return database.read(
        session -> {
          Store store = storeByCode(session, storeCode);
          return session
              .createSelectionQuery(
                  "from Terminal t join fetch t.store where t.store = :s order by t.code",
                  Terminal.class)
              .setParameter("s", store)
              .stream()
              .map(Terminal::view)
              .toList();
        });
  }

  /** Deletes a terminal; refused while presentations or redemptions refer to it. */
  public void deleteTerminal(String code) {
    try {
      try {
        database.inTransaction(
            session -> {
              Terminal terminal = terminalByCode(session, code);
              if (PresentedRows.lockNamedByPresentations(session, "terminal", terminal.getId())) {
                throw inUseConflict("kind.terminal", code);
              }
              session.remove(terminal);
              session.flush();
              return null;
            });
      } catch (RuntimeException e) {
        if (Constraints.violated(e)) {
          throw inUseConflict("kind.terminal", code);
        }
        throw e;
      }
    } finally {
      changed.run();
    }
  }

  /** A store or terminal that other records (presentations, redemptions, offers) still name. */
  private static ConflictException inUseConflict(String kind, String code) {
    return new ConflictException(
        Message.of("domain", "conflict.in.use", Message.of("errors", kind), code));
  }

  /** Records what a terminal's agent reported (its birth message, health or last will). */
  public void recordTerminalStatus(
      String code, String status, Optional<String> agentVersion, Instant at) {
    String validStatus = Check.text("status", status, 32);
    Optional<String> validVersion = Check.optionalText("agentVersion", agentVersion, 40);
    database.inTransaction(
        session -> {
          terminalByCode(session, code).report(validStatus, validVersion, at);
          return null;
        });
  }

  private static StoreDetails validate(StoreDetails details) {
    Check.present("store", details);
    return new StoreDetails(
        Check.code("code", details.code()),
        Check.text("name", details.name(), 200),
        Check.optionalText("region", details.region(), 100),
        details.country().filter(c -> !c.isBlank()).map(c -> Check.country("country", c)),
        Check.timeZone("timeZone", details.timeZone()));
  }

  private static TerminalDetails validate(TerminalDetails details) {
    Check.present("terminal", details);
    return new TerminalDetails(
        Check.code("code", details.code()),
        Check.oneOf("kind", details.kind(), TERMINAL_KINDS),
        Check.text("name", details.name(), 200));
  }

  private static long count(Session session, String hql, Store store) {
    return session.createSelectionQuery(hql, Long.class).setParameter("s", store).getSingleResult();
  }

  /** The store with this code, inside the caller's session. */
  public static Optional<Store> findStore(Session session, String code) {
    return session
        .createSelectionQuery("from Store where code = :code", Store.class)
        .setParameter("code", code)
        .uniqueResultOptional();
  }

  static Optional<Terminal> findTerminal(Session session, String code) {
    return session
        .createSelectionQuery(
            "from Terminal t join fetch t.store where t.code = :code", Terminal.class)
        .setParameter("code", code)
        .uniqueResultOptional();
  }

  /** The store with this code, or {@link NotFoundException}. */
  public static Store storeByCode(Session session, String code) {
    return findStore(session, code).orElseThrow(() -> new NotFoundException("kind.store", code));
  }

  /** The terminal with this code, or {@link NotFoundException}. */
  public static Terminal terminalByCode(Session session, String code) {
    return findTerminal(session, code)
        .orElseThrow(() -> new NotFoundException("kind.terminal", code));
  }
}
