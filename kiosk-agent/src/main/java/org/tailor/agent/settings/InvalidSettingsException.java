package org.tailor.agent.settings;

import java.util.List;
import java.util.stream.Collectors;
import org.tailor.agent.i18n.Texts;

/**
 * The agent's configuration file has bad values; the agent refuses to start and names every one of
 * them with what was expected.
 */
public class InvalidSettingsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<SettingProblem> problems;

  public InvalidSettingsException(List<SettingProblem> problems) {
    super(describe(problems, Texts.in("en")));
    this.problems = List.copyOf(problems);
  }

  public List<SettingProblem> problems() {
    return problems;
  }

  /** Every problem, one a line, in the reader's language. */
  public String describe(Texts texts) {
    return describe(problems, texts);
  }

  private static String describe(List<SettingProblem> problems, Texts texts) {
    return problems.stream().map(p -> p.describe(texts)).collect(Collectors.joining("\n"));
  }
}
