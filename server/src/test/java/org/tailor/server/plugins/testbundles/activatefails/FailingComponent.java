package org.tailor.server.plugins.testbundles.activatefails;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Test plugin whose component throws when Declarative Services activates it. */
@Component(immediate = true)
public class FailingComponent {

  @Activate
  void activate() {
    throw new IllegalStateException("recommendation model file is missing");
  }
}
