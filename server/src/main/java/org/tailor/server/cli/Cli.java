package org.tailor.server.cli;

import java.util.Locale;

/** The console's language: the JVM's default locale, which follows {@code LANG}/{@code LC_ALL}. */
final class Cli {

  private Cli() {}

  static Locale locale() {
    return Locale.getDefault();
  }
}
