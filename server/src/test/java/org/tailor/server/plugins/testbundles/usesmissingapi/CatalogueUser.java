package org.tailor.server.plugins.testbundles.usesmissingapi;

import org.osgi.service.component.annotations.Component;
import org.tailor.server.plugins.testbundles.missingapi.Catalogue;

/** Test component that needs a package only another plugin bundle provides. */
@Component(immediate = true)
public class CatalogueUser {

  /** Referring to the type makes bnd import its package. */
  static final Class<?> NEEDS = Catalogue.class;
}
