package org.tailor.server.generator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how to write a generated chain. None of these change the data: the same {@link
 * ChainParameters} give the same rows whatever the number of threads.
 *
 * @param directory the directory to write into (created if missing)
 * @param gzip whether to compress each CSV file ({@code .csv.gz}, concatenated gzip members)
 * @param threads worker threads, 1 to {@value #MAX_THREADS}
 */
public record OutputOptions(Path directory, boolean gzip, int threads) {

  public static final int MAX_THREADS = 256;

  public OutputOptions {
    Objects.requireNonNull(directory, "directory");
    ParameterRange.within("threads", threads, 1, MAX_THREADS);
  }

  /** Uncompressed, one thread per processor. */
  public static OutputOptions in(Path directory) {
    return new OutputOptions(directory, false, Runtime.getRuntime().availableProcessors());
  }
}
