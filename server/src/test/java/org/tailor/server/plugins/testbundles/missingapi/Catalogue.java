package org.tailor.server.plugins.testbundles.missingapi;

/** Test bundle that exports the package another test bundle waits for. */
public interface Catalogue {
  String name();
}
