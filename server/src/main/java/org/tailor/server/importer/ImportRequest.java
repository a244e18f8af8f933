package org.tailor.server.importer;

import java.util.Objects;
import java.util.Optional;

/**
 * What to import and how strictly.
 *
 * @param kind what the file holds
 * @param mapping how its columns feed Tailor's fields (must be a mapping for {@code kind})
 * @param sourceName the file's name as the user knows it, used in errors and the import record
 * @param storeCode the store of purchases in a file without a store column; overrides the mapping's
 *     {@code store.code}
 * @param maxErrors how many bad rows may be skipped; with more, nothing is written. 0 (the default)
 *     means a file with any bad row writes nothing.
 */
public record ImportRequest(
    ImportKind kind,
    ColumnMapping mapping,
    String sourceName,
    Optional<String> storeCode,
    long maxErrors) {

  public ImportRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(storeCode, "storeCode");
    if (mapping.kind() != kind) {
      throw new IllegalArgumentException(
          "mapping " + mapping.name() + " reads " + mapping.kind() + ", not " + kind);
    }
    if (maxErrors < 0) {
      throw new IllegalArgumentException("maxErrors " + maxErrors + ": expected 0 or more");
    }
    if (sourceName.isBlank()) {
      throw new IllegalArgumentException("sourceName is blank");
    }
  }

  /** A strict request: any bad row rejects the file. */
  public static ImportRequest strict(ImportKind kind, ColumnMapping mapping, String sourceName) {
    return new ImportRequest(kind, mapping, sourceName, Optional.empty(), 0);
  }

  public ImportRequest withMaxErrors(long max) {
    return new ImportRequest(kind, mapping, sourceName, storeCode, max);
  }

  public ImportRequest withStore(String code) {
    return new ImportRequest(kind, mapping, sourceName, Optional.of(code), maxErrors);
  }
}
