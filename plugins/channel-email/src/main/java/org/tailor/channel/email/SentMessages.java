package org.tailor.channel.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The message ids this channel has sent, so a message handed over again (after the server died
 * before it recorded the delivery) is not sent twice. Kept in memory and, when a file is given,
 * appended to it one id per line.
 *
 * <p>Durability: every id is written to the operating system (one {@code write} on a file kept
 * open) before {@link #add} returns, so it survives the server process being killed ({@code kill
 * -9}) at any point. The file is flushed to the disk ({@code fsync}) at most every {@code
 * syncMillis} and on {@link #close}, not per id: an fsync costs milliseconds, which capped the
 * channel at a few hundred emails a second. A power loss or kernel crash may therefore forget the
 * ids sent in the last {@code syncMillis}; such messages would be sent again if the database had
 * not recorded their delivery either.
 */
final class SentMessages implements AutoCloseable {

  /** The default time between flushes of the journal to the disk. */
  static final long DEFAULT_SYNC_MILLIS = 100;

  private final Set<String> sent = new HashSet<>();
  private final Optional<Path> journal;
  private final long syncNanos;
  private FileChannel file;
  private long lastSync = System.nanoTime();
  private boolean unsynced;

  SentMessages(Optional<Path> journal) {
    this(journal, DEFAULT_SYNC_MILLIS);
  }

  SentMessages(Optional<Path> journal, long syncMillis) {
    if (syncMillis < 0) {
      throw new IllegalArgumentException(
          "syncMillis must be 0 (every id) or more, was " + syncMillis);
    }
    this.journal = journal;
    this.syncNanos = syncMillis * 1_000_000L;
    journal.ifPresent(
        path -> {
          try {
            if (Files.exists(path)) {
              for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                  sent.add(line);
                }
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
          }
        });
  }

  synchronized boolean contains(String messageId) {
    return sent.contains(messageId);
  }

  synchronized void add(String messageId) {
    if (!sent.add(messageId) || journal.isEmpty()) {
      return;
    }
    Path path = journal.get();
    try {
      if (file == null) {
        file =
            FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      }
      ByteBuffer line = ByteBuffer.wrap((messageId + "\n").getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        file.write(line);
      }
      unsynced = true;
      long now = System.nanoTime();
      if (now - lastSync >= syncNanos) {
        file.force(false);
        lastSync = now;
        unsynced = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Flushes what is not yet on the disk; called by the channel's timer and on close. */
  synchronized void sync() {
    if (file != null && unsynced) {
      try {
        file.force(false);
        lastSync = System.nanoTime();
        unsynced = false;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot flush " + journal.orElseThrow(), e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (file != null) {
      try {
        sync();
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + journal.orElseThrow(), e);
      } finally {
        file = null;
      }
    }
  }
}
