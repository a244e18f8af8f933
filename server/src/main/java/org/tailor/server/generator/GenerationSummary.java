package org.tailor.server.generator;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a generation wrote.
 *
 * @param directory the output directory
 * @param rowsByFile data rows (without the header) per file name
 * @param bytesByFile bytes per file name, every file written included
 * @param purchases receipts, returns included
 * @param purchaseLines purchase lines, returns included
 * @param elapsedNanos how long it took
 */
public record GenerationSummary(
    Path directory,
    Map<String, Long> rowsByFile,
    Map<String, Long> bytesByFile,
    long purchases,
    long purchaseLines,
    long elapsedNanos) {

  public GenerationSummary {
    Objects.requireNonNull(directory, "directory");
    rowsByFile = Map.copyOf(rowsByFile);
    bytesByFile = Map.copyOf(bytesByFile);
  }

  public long totalBytes() {
    return bytesByFile.values().stream().mapToLong(Long::longValue).sum();
  }
}
