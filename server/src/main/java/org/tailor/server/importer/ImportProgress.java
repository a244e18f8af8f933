package org.tailor.server.importer;

import java.util.Objects;

/**
 * How far an import has got; handed to a progress callback after every chunk of lines. An import
 * first reads the whole file to validate it, then reads it again to write it.
 *
 * @param phase validating or writing
 * @param linesRead data lines read so far in this phase
 * @param linesWritten lines written so far (0 while validating)
 * @param linesInFile the file's data lines, once known (after validation); 0 before
 */
public record ImportProgress(Phase phase, long linesRead, long linesWritten, long linesInFile) {

  /** The two passes over the file. */
  public enum Phase {
    VALIDATING,
    WRITING
  }

  public ImportProgress {
    Objects.requireNonNull(phase, "phase");
  }
}
