package org.tailor.server.persistence;

import java.util.List;
import org.tailor.server.access.ApiKey;

/** The entity classes Hibernate maps; each lives in the package of the concept it belongs to. */
final class PersistenceModel {

  static final List<Class<?>> ENTITIES = List.of(ApiKey.class);

  private PersistenceModel() {}
}
