package org.tailor.server.generator;

/**
 * How far a generation has come, reported at most once a second and once at the end.
 *
 * @param shoppersWritten shoppers written so far
 * @param shoppersTotal shoppers to write
 * @param purchaseLinesWritten purchase lines (returns included) written so far
 * @param bytesWritten bytes written so far, compressed when compressing
 * @param elapsedNanos time since the generation started
 */
public record GenerationProgress(
    long shoppersWritten,
    long shoppersTotal,
    long purchaseLinesWritten,
    long bytesWritten,
    long elapsedNanos) {

  /** The share done, from 0 to 1. */
  public double fractionDone() {
    return shoppersTotal == 0 ? 1.0 : (double) shoppersWritten / shoppersTotal;
  }
}
