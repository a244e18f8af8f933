package org.tailor.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A test's own process: a {@code main} of the test classpath run in a new JVM, for what only a real
 * process shows (a kill, a shutdown hook), and its output read line by line.
 */
public final class TestJvm {

  private TestJvm() {}

  /** Starts {@code main} with {@code args} in a new JVM on this classpath, stderr into stdout. */
  public static Process start(Class<?> main, String... args) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Reads what the process prints, handing each line to {@code keepReading} with the process, until
   * the output ends or it answers false (after a {@code destroyForcibly}, which closes the output);
   * returns the lines read.
   */
  public static List<String> read(Process process, BiPredicate<Process, String> keepReading)
      throws IOException {
    List<String> printed = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        printed.add(line);
        if (!keepReading.test(process, line)) {
          break;
        }
      }
    }
    return printed;
  }
}
