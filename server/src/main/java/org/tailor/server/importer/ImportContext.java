package org.tailor.server.importer;

import java.time.Instant;

/**
 * What every kind of import needs to know besides its rows: the request, the server's defaults, and
 * the moment the import started (the {@code created_at} of what it adds).
 */
record ImportContext(
    ImportRequest request, String currency, String defaultLanguage, Instant startedAt) {

  ColumnMapping mapping() {
    return request.mapping();
  }
}
