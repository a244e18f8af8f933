package org.tailor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class GenerateCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Locale saved;

  @BeforeEach
  void english() {
    saved = Locale.getDefault();
    Locale.setDefault(Locale.ENGLISH);
  }

  @AfterEach
  void restore() {
    Locale.setDefault(saved);
  }

  private int run(String... args) {
    CommandLine command = new CommandLine(new GenerateCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void generatesASmallChainAndSaysWhereItIs() throws IOException {
    Path target = dir.resolve("chain");
    int code =
        run(
            "--shoppers",
            "300",
            "--stores",
            "3",
            "--seed",
            "5",
            "--out",
            target.toString(),
            "--threads",
            "2",
            "--from",
            "2023-03-01");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("300 shoppers", target.toString());
    assertThat(Files.readString(target.resolve("manifest.json")))
        .contains("\"from\": \"2023-03-01\"", "\"to\": \"2024-02-29\"");
    assertThat(target.resolve("purchases.csv")).exists();
  }

  @Test
  void writesCompressedFilesWhenAsked() {
    Path target = dir.resolve("gz");
    assertThat(run("--shoppers", "50", "--stores", "2", "--out", target.toString(), "--gzip"))
        .isZero();
    assertThat(target.resolve("purchases.csv.gz")).exists();
    assertThat(target.resolve("purchases.csv")).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource({
    "--shoppers, -5, 'Expected a whole number from 1 to 100,000,000'",
    "--shoppers, many, 'Expected a whole number from 1 to 100,000,000'",
    "--stores, 0, 'Expected a whole number from 1 to 9,999'",
    "--threads, 0, Expected a whole number from 1 to 256",
    "--seed, 1.5, Expected a whole number",
    "--from, 2024-13-01, Expected a date as YYYY-MM-DD",
  })
  void namesTheOptionTheValueAndWhatWasExpected(String option, String value, String expected) {
    int code = run(option, value, "--out", dir.resolve("x").toString());
    assertThat(code).isEqualTo(GenerateCommand.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains(option, "\"" + value + "\"", expected);
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void refusesAWindowThatEndsBeforeItStarts() {
    int code = run("--from", "2024-06-01", "--to", "2024-05-31", "--out", dir.toString());
    assertThat(code).isEqualTo(GenerateCommand.EXIT_BAD_INPUT);
    assertThat(err.toString())
        .contains("--to", "\"2024-05-31\"", "Expected a date on or after 2024-06-01");
  }

  @Test
  void refusesADirectoryItCannotCreate() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    int code = run("--shoppers", "10", "--out", file.resolve("chain").toString());
    assertThat(code).isEqualTo(GenerateCommand.EXIT_BAD_INPUT);
    assertThat(err.toString())
        .contains("out", file.resolve("chain").toString(), "Expected a directory that can be");
  }

  @Test
  void explainsItselfInTheUsersLanguage() {
    Locale.setDefault(Locale.forLanguageTag("bg"));
    String usage = new CommandLine(new GenerateCommand()).getUsageMessage();
    assertThat(usage).contains("--shoppers", "притежатели на карта");
    Locale.setDefault(Locale.forLanguageTag("zh-TW"));
    assertThat(new CommandLine(new GenerateCommand()).getUsageMessage()).contains("會員卡");
  }

  @Test
  void reportsBadInputInTheUsersLanguage() {
    Locale.setDefault(Locale.forLanguageTag("es"));
    assertThat(run("--stores", "-1")).isEqualTo(GenerateCommand.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("--stores", "Se esperaba un número entero");
  }

  @Test
  void everyMessageIsTranslatedIntoEveryShippedLanguage() throws IOException {
    Properties english = bundle("generator");
    for (String suffix : List.of("es", "bg", "fa", "zh_TW")) {
      Properties translation = bundle("generator_" + suffix);
      assertThat(translation.stringPropertyNames())
          .as(suffix)
          .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
      for (String key : english.stringPropertyNames()) {
        assertThat(translation.getProperty(key)).as(suffix + " " + key).isNotBlank();
      }
    }
  }

  private static Properties bundle(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        GenerateCommandTest.class.getResourceAsStream("/i18n/" + name + ".properties")) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
