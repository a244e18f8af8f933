package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kind an import batch records in {@code mapping_name} is read back from it. */
class ImportKindTest {

  @Test
  void everyKindIsReadBackFromWhatItsBatchRecords() {
    for (ImportKind kind : ImportKind.values()) {
      String recorded = kind.batchMapping("online-retail");
      assertThat(recorded).isEqualTo(kind.cliName() + ":online-retail");
      assertThat(ImportKind.ofBatch(recorded)).contains(kind);
    }
    assertThat(ImportKind.ofBatch("household-members")).contains(ImportKind.HOUSEHOLD_MEMBERS);
  }

  @Test
  void aMappingNameThatNamesNoKindGivesNone() {
    assertThat(ImportKind.ofBatch("loyalty:tailor")).isEmpty();
    assertThat(ImportKind.ofBatch("")).isEmpty();
    assertThat(ImportKind.ofBatch(":purchases")).isEmpty();
  }
}
