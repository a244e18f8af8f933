package org.tailor.channel.email;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 */
final class SentMessages {

  private final Set<String> sent = new HashSet<>();
  private final Optional<Path> journal;

  SentMessages(Optional<Path> journal) {
    this.journal = journal;
    journal.ifPresent(
        file -> {
          try {
            if (Files.exists(file)) {
              sent.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
          }
        });
  }

  synchronized boolean contains(String messageId) {
    return sent.contains(messageId);
  }

  synchronized void add(String messageId) {
    if (sent.add(messageId) && journal.isPresent()) {
      try {
        Files.writeString(
            journal.get(),
            messageId + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + journal.get(), e);
      }
    }
  }
}
