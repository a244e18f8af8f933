package org.tailor.server.persistence;

import org.hibernate.exception.ConstraintViolationException;

/** Recognises a write the database refused for a unique or foreign key. */
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
}
