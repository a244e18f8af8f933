package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.generator.ChainGenerator;
import org.tailor.server.generator.ChainParameters;
import org.tailor.server.generator.GenerationSummary;
import org.tailor.server.generator.OutputOptions;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/**
 * The generator and the importer agree on Tailor's CSV layout: every file of a generated chain
 * imports strictly (no bad row tolerated), and everything generated is written.
 */
class GeneratedChainImportTest {

  @TempDir Path dir;

  @Test
  void everyFileOfAGeneratedChainImportsStrictlyAndCompletely() throws Exception {
    GenerationSummary chain =
        ChainGenerator.generate(
            ChainParameters.of(3_000, 5, 11),
            new OutputOptions(dir.resolve("chain"), true, 2),
            progress -> {});
    try (Database db = Database.open(TestDatabases.h2(dir.resolve("db")))) {
      Importer importer = new Importer(db);
      for (ImportKind kind :
          List.of(
              ImportKind.STORES,
              ImportKind.PRODUCTS,
              ImportKind.SHOPPERS,
              ImportKind.HOUSEHOLD_MEMBERS,
              ImportKind.CONSENTS,
              ImportKind.PURCHASES)) {
        String table = kind.cliName().replace('-', '_');
        Path file = chain.directory().resolve(ChainGenerator.fileName(table, true));
        ImportReport report =
            importer.importFile(
                file, ImportRequest.strict(kind, ColumnMapping.tailor(kind), file.toString()));
        assertThat(report.rejected()).as("%s: %s", kind, report.errors()).isFalse();
        assertThat(report.linesRead())
            .as(kind.toString())
            .isEqualTo(chain.rowsByFile().get(file.getFileName().toString()));
        if (kind == ImportKind.PURCHASES) {
          assertThat(report.linesWritten()).isEqualTo(chain.purchaseLines());
          assertThat(report.receiptsWritten()).isEqualTo(chain.purchases());
        }
      }
    }
  }
}
