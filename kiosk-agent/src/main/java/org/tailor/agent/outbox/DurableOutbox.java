package org.tailor.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tailor.agent.storage.AtomicFile;

/**
 * Messages that must reach the server (redemptions, presentations shown), kept on disk from the
 * moment they happen until the server acknowledges them, through broker outages and restarts.
 *
 * <p>One file per message, {@code <sequence>-<kind>-<messageId>.json} in {@code outbox/}. A file is
 * written under a temporary name, forced to disk, renamed atomically into place and the folder is
 * forced too, so after a crash a message is either wholly there or was never recorded (leftover
 * temporary files are deleted at start). Acknowledged messages are deleted; rejected ones are moved
 * to {@code rejected/} with the reason beside them, never deleted.
 */
public final class DurableOutbox {

  private static final Pattern FILE_NAME =
      Pattern.compile("(\\d{12})-([a-z]+)-([A-Za-z0-9-]{1,64})\\.json");
  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern KIND = Pattern.compile("[a-z]+");

  private final Path outbox;
  private final Path rejected;
  private final Map<String, Path> files = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** Opens (creating if needed) the outbox under {@code directory}. */
  public DurableOutbox(Path directory) {
    this.outbox = directory.resolve("outbox");
    this.rejected = directory.resolve("rejected");
    try {
      Files.createDirectories(outbox);
      Files.createDirectories(rejected);
      long highest = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(outbox)) {
        for (Path file : entries) {
          String name = file.getFileName().toString();
          Matcher matcher = FILE_NAME.matcher(name);
          if (name.endsWith(AtomicFile.TEMPORARY_SUFFIX)) {
            Files.delete(file); // never renamed into place: the message was never recorded
          } else if (matcher.matches()) {
            files.put(matcher.group(3), file);
            highest = Math.max(highest, Long.parseLong(matcher.group(1)));
          }
        }
      }
      sequence.set(highest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the outbox in " + directory, e);
    }
  }

  /**
   * Records a message durably; when this returns the message survives a crash or power cut.
   *
   * @param kind the topic kind to publish it on
   * @param messageId its id (letters, digits and dashes, such as a UUID)
   * @param payload the JSON to publish
   * @return the recorded entry, or the one already recorded under this id
   */
  public synchronized OutboxEntry add(String kind, String messageId, byte[] payload) {
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("kind " + kind + ": expected lower-case letters");
    }
    if (!MESSAGE_ID.matcher(messageId).matches()) {
      throw new IllegalArgumentException("messageId " + messageId + ": expected a UUID");
    }
    Path existing = files.get(messageId);
    if (existing != null) {
      return read(existing).orElseThrow();
    }
    long next = sequence.incrementAndGet();
    String name = String.format("%012d-%s-%s.json", next, kind, messageId);
    Path target = outbox.resolve(name);
    try {
      AtomicFile.write(target, payload);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record message " + messageId + " in " + outbox, e);
    }
    files.put(messageId, target);
    return new OutboxEntry(next, kind, messageId, payload);
  }

  /** The messages still waiting, oldest first. */
  public List<OutboxEntry> pending() {
    List<OutboxEntry> entries = new ArrayList<>();
    for (Path file : List.copyOf(files.values())) {
      read(file).ifPresent(entries::add);
    }
    entries.sort(Comparator.comparingLong(OutboxEntry::sequence));
    return entries;
  }

  /** Whether a message is still waiting. */
  public boolean contains(String messageId) {
    return files.containsKey(messageId);
  }

  /** How many messages are waiting. */
  public int size() {
    return files.size();
  }

  /**
   * Deletes an acknowledged message.
   *
   * @return false when no such message was waiting (an ack for one already deleted)
   */
  public synchronized boolean remove(String messageId) {
    Path file = files.remove(messageId);
    if (file == null) {
      return false;
    }
    try {
      Files.deleteIfExists(file);
      AtomicFile.forceDirectory(outbox);
    } catch (IOException e) {
      files.put(messageId, file);
      throw new UncheckedIOException("cannot delete acknowledged message " + file, e);
    }
    return true;
  }

  /**
   * Moves a message the server refused to {@code rejected/}, with the reason in a {@code .reason}
   * file beside it, so that a person can look at it; it is not sent again.
   *
   * @return false when no such message was waiting
   */
  public synchronized boolean reject(String messageId, String reason) {
    Path file = files.remove(messageId);
    if (file == null) {
      return false;
    }
    Path target = rejected.resolve(file.getFileName());
    try {
      AtomicFile.write(
          rejected.resolve(file.getFileName() + ".reason"),
          reason.getBytes(StandardCharsets.UTF_8));
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.forceDirectory(rejected);
      AtomicFile.forceDirectory(outbox);
    } catch (IOException e) {
      files.put(messageId, file);
      throw new UncheckedIOException("cannot set rejected message " + file + " aside", e);
    }
    return true;
  }

  /** The folder rejected messages are moved to. */
  public Path rejectedFolder() {
    return rejected;
  }

  private Optional<OutboxEntry> read(Path file) {
    Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      byte[] payload = Files.readAllBytes(file);
      return Optional.of(
          new OutboxEntry(
              Long.parseLong(matcher.group(1)), matcher.group(2), matcher.group(3), payload));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // acknowledged meanwhile
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read queued message " + file, e);
    }
  }
}
