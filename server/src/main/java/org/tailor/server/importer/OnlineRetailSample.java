package org.tailor.server.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * The subset of UCI Online Retail bundled with the server (Chen, Sain &amp; Guo 2012; CC BY 4.0;
 * {@code samples/online-retail/ATTRIBUTION.md} says how it was cut): 80,158 purchase lines of 879
 * customers, for the demo and for trying Tailor without data of one's own. Importing it twice adds
 * nothing the second time.
 */
public final class OnlineRetailSample {

  /** The sample's classpath resource. */
  public static final String RESOURCE = "/samples/online-retail/online_retail_sample.csv.gz";

  /** The name the sample's imports are recorded under. */
  public static final String SOURCE_NAME = "online_retail_sample.csv.gz";

  private OnlineRetailSample() {}

  /** Imports the sample's purchases (and its products and shoppers) with {@code importer}. */
  public static ImportReport importWith(Importer importer, Consumer<ImportProgress> progress) {
    Path copy = null;
    try (InputStream in = OnlineRetailSample.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      copy = Files.createTempFile("tailor-sample-", ".csv.gz");
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      return importer.importFile(
          copy,
          ImportRequest.strict(ImportKind.PURCHASES, ColumnMapping.onlineRetail(), SOURCE_NAME),
          progress);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the bundled sample", e);
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          // A temporary copy is left behind; the import itself is unaffected.
        }
      }
    }
  }
}
