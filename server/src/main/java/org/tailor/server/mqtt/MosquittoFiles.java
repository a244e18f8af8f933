package org.tailor.server.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.tailor.server.store.TerminalCredentials.Credential;

/**
 * Mosquitto's password and ACL files, written from the terminals table: each terminal with a secret
 * may log in with its code and is confined to {@link TerminalAcl#subtree}; the server's user may
 * use every Tailor topic. Used by {@code tailor terminals broker-files} with {@code
 * config/mosquitto/mosquitto.conf}. Each file is written to a temporary file first and moved into
 * place, so Mosquitto never reads half a file; send it SIGHUP to reload.
 */
public final class MosquittoFiles {

  /** The password file's name in the folder. */
  public static final String PASSWORDS = "passwords";

  /** The ACL file's name in the folder. */
  public static final String ACL = "acl";

  private MosquittoFiles() {}

  /**
   * Writes {@code passwords} and {@code acl} into {@code folder}.
   *
   * @param serverUser the server's user name
   * @param serverPasswordHash the hash of the server's password ({@link
   *     org.tailor.server.access.BrokerPasswordHash})
   */
  public static void write(
      Path folder, List<Credential> terminals, String serverUser, String serverPasswordHash)
      throws IOException {
    Objects.requireNonNull(serverUser, "serverUser");
    Objects.requireNonNull(serverPasswordHash, "serverPasswordHash");
    Files.createDirectories(folder);
    StringBuilder passwords = new StringBuilder();
    passwords.append(serverUser).append(':').append(serverPasswordHash).append('\n');
    StringBuilder acl = new StringBuilder();
    acl.append("# Written by `tailor terminals broker-files` from the terminals table.\n")
        .append("# Each terminal may use its own subtree only; the server every Tailor topic.\n\n")
        .append("user ")
        .append(serverUser)
        .append('\n')
        .append("topic readwrite tailor/#\n");
    for (Credential terminal : terminals) {
      if (terminal.terminalCode().equals(serverUser)) {
        throw new IllegalArgumentException(
            "terminal "
                + terminal.terminalCode()
                + " has the server's MQTT user name; rename it or set tailor.mqtt.username");
      }
      passwords
          .append(terminal.terminalCode())
          .append(':')
          .append(terminal.passwordHash())
          .append('\n');
      acl.append("\nuser ")
          .append(terminal.terminalCode())
          .append('\n')
          .append("topic readwrite ")
          .append(TerminalAcl.subtree(terminal.storeCode(), terminal.terminalCode()))
          .append('\n');
    }
    replace(folder.resolve(PASSWORDS), passwords.toString());
    replace(folder.resolve(ACL), acl.toString());
  }

  private static void replace(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The shipped {@code config/mosquitto/mosquitto.conf} rewritten for a private Mosquitto (tests,
   * benchmarks): the password and ACL files from {@code files} (as {@link #write} leaves them), one
   * listener on 127.0.0.1 at {@code port}, persistence off. Ends with a newline; a caller appends
   * its own lines (such as {@code user}).
   */
  public static String configFor(Path shipped, Path files, int port) throws IOException {
    StringBuilder conf = new StringBuilder();
    for (String line : Files.readAllLines(shipped, StandardCharsets.UTF_8)) {
      if (line.startsWith("password_file ")) {
        line = "password_file " + files.resolve(PASSWORDS);
      } else if (line.startsWith("acl_file ")) {
        line = "acl_file " + files.resolve(ACL);
      } else if (line.startsWith("listener ")) {
        line = "listener " + port + " 127.0.0.1";
      } else if (line.startsWith("persistence")) {
        line = "#" + line;
      }
      conf.append(line).append('\n');
    }
    return conf.toString();
  }
}
