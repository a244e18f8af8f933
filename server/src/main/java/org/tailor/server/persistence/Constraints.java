package org.tailor.server.persistence;

import java.util.function.Supplier;
import org.hibernate.exception.ConstraintViolationException;
import org.tailor.server.validation.ConflictException;

/**
 * Recognises a write the database refused for a unique or foreign key, and says so as a conflict.
 */
public final class Constraints {

  private Constraints() {}

  /** Whether a constraint refused the write, whether thrown as is or wrapped on commit. */
  public static boolean violated(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolationException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs a write that may insert {@code code}; a unique-key violation (a concurrent writer took the
   * code between the caller's check and its commit) becomes the same {@link ConflictException} the
   * check gives.
   *
   * @param kind what the code names, a key of bundle {@code errors} such as {@code "kind.store"}
   */
  public static <T> T duplicateIsConflict(String kind, String code, Supplier<T> write) {
    try {
      return write.get();
    } catch (RuntimeException e) {
      if (violated(e)) {
        throw ConflictException.duplicate(kind, code);
      }
      throw e;
    }
  }
}
