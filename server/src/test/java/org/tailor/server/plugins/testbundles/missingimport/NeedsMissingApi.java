package org.tailor.server.plugins.testbundles.missingimport;

/** Test plugin whose bundle imports a package nobody exports (added to its manifest). */
public class NeedsMissingApi {}
