package org.tailor.bench;

import org.tailor.server.importer.ImportKind;

/**
 * How long one file of a chain took to import.
 *
 * @param kind what the file holds
 * @param linesRead data lines in the file
 * @param linesWritten lines that added something
 * @param receipts purchases added (purchase files only)
 * @param skippedBadRows rows refused by validation and left out
 * @param seconds wall-clock seconds, both passes (validation and writing)
 * @param bytes the file's size on disk
 */
record ImportTiming(
    ImportKind kind,
    long linesRead,
    long linesWritten,
    long receipts,
    long skippedBadRows,
    double seconds,
    long bytes) {

  double linesPerSecond() {
    return seconds > 0 ? linesRead / seconds : 0;
  }

  JsonLine json(String benchmark, String database) {
    return JsonLine.of(benchmark)
        .add("database", database)
        .add("kind", kind.cliName())
        .add("lines", linesRead)
        .add("linesWritten", linesWritten)
        .add("receipts", receipts)
        .add("skippedBadRows", skippedBadRows)
        .add("bytes", bytes)
        .add("seconds", seconds, 2)
        .add("linesPerSecond", linesPerSecond(), 0);
  }
}
