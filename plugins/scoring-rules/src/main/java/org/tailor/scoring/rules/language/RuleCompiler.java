package org.tailor.scoring.rules.language;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Compiles staff-written rules in the Common Expression Language (CEL): type-checked against the
 * variables of {@link RuleFacts} when saved, so that a misspelt name, a wrong type or a rule that
 * does not give a condition (or a number) is refused with the line and column of the mistake. CEL
 * has no loops, no side effects and no access to anything but those variables. Thread-safe.
 */
public final class RuleCompiler {

  /** The longest rule accepted, in characters. */
  public static final int MAX_LENGTH = 2000;

  private static final Map<String, CelType> VARIABLES = variables();
  private static final Set<CelKind> NUMBERS = Set.of(CelKind.INT, CelKind.UINT, CelKind.DOUBLE);

  private final CelCompiler compiler;
  private final CelRuntime runtime;

  public RuleCompiler() {
    CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder();
    VARIABLES.forEach(builder::addVar);
    compiler = builder.build();
    runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  }

  /** The variables a rule may use, by name, with their CEL types. */
  public static Map<String, String> vocabulary() {
    Map<String, String> names = new LinkedHashMap<>();
    VARIABLES.forEach((name, type) -> names.put(name, type.name()));
    return names;
  }

  /** Compiles a rule or says where it is wrong. */
  public CompiledRule compile(String source, RuleKind kind) throws RuleSyntaxException {
    if (source == null || source.isBlank()) {
      throw new RuleSyntaxException(1, 1, "the rule is empty", "^");
    }
    if (source.length() > MAX_LENGTH) {
      throw new RuleSyntaxException(
          1, MAX_LENGTH + 1, "the rule is longer than " + MAX_LENGTH + " characters", "");
    }
    CelValidationResult result = compiler.compile(source);
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      throw syntaxError(source, e);
    }
    CelType type = ast.getResultType();
    boolean fits =
        type.kind() == CelKind.DYN
            || (kind == RuleKind.CONDITION
                ? type.kind() == CelKind.BOOL
                : NUMBERS.contains(type.kind()));
    if (!fits) {
      throw new RuleSyntaxException(
          1,
          1,
          "the rule gives a "
              + type.name()
              + ", expected "
              + (kind == RuleKind.CONDITION ? "a condition (bool)" : "a number (int or double)"),
          firstLine(source) + "\n^");
    }
    try {
      return new CompiledRule(source, kind, runtime.createProgram(ast));
    } catch (CelEvaluationException e) {
      throw new RuleSyntaxException(1, 1, e.getMessage(), firstLine(source));
    }
  }

  private static RuleSyntaxException syntaxError(String source, CelValidationException e) {
    CelIssue issue = e.getErrors().get(0);
    int line = Math.max(1, issue.getSourceLocation().getLine());
    int column = Math.max(0, issue.getSourceLocation().getColumn()) + 1;
    String[] lines = source.split("\n", -1);
    String text = line <= lines.length ? lines[line - 1] : "";
    String pointer = text + "\n" + " ".repeat(Math.max(0, column - 1)) + "^";
    return new RuleSyntaxException(line, column, issue.getMessage(), pointer);
  }

  private static String firstLine(String source) {
    int newline = source.indexOf('\n');
    return newline < 0 ? source : source.substring(0, newline);
  }

  private static Map<String, CelType> variables() {
    Map<String, CelType> v = new LinkedHashMap<>();
    v.put("known", SimpleType.BOOL);
    v.put("loyaltyId", SimpleType.STRING);
    v.put("firstName", SimpleType.STRING);
    v.put("language", SimpleType.STRING);
    v.put("birthdayMonth", SimpleType.INT);
    v.put("birthdayToday", SimpleType.BOOL);
    v.put("preferredCategories", ListType.create(SimpleType.STRING));
    v.put("attributes", MapType.create(SimpleType.STRING, SimpleType.STRING));
    v.put("store", SimpleType.STRING);
    v.put("terminal", SimpleType.STRING);
    v.put("channel", SimpleType.STRING);
    v.put("hour", SimpleType.INT);
    v.put("weekday", SimpleType.INT);
    v.put("date", SimpleType.STRING);
    v.put("offerCode", SimpleType.STRING);
    v.put("category", SimpleType.STRING);
    v.put("campaign", SimpleType.STRING);
    v.put("discountPercent", SimpleType.DOUBLE);
    v.put("discountAmount", SimpleType.DOUBLE);
    return Collections.unmodifiableMap(v);
  }
}
