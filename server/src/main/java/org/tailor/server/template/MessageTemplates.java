package org.tailor.server.template;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.VariableNotExistException;
import liqp.filters.Filter;

/**
 * Message templates in Liquid (the Liqp engine), one folder per kind of message under {@code
 * config/templates/}: {@code <name>/<language>.body.liquid} and, for channels with a subject,
 * {@code <name>/<language>.subject.liquid}, language as a BCP 47 tag such as {@code zh-TW}.
 *
 * <p>Every template is checked when loaded, against every variable the host provides ({@link
 * #VARIABLES}); a template that uses anything else is refused with the unknown names, so nothing is
 * sent with a hole in it. A shopper gets the first language of their {@link LanguageChain} that the
 * template has. Money, dates and percentages go through the filters {@code money}, {@code
 * local_date} and {@code percent}, in the shopper's locale.
 */
public final class MessageTemplates {

  /** The variables a template may use. */
  public static final List<String> VARIABLES =
      List.of(
          "shopper.first_name",
          "shopper.loyalty_id",
          "member.first_name",
          "offer.code",
          "offer.headline",
          "offer.body",
          "offer.discount_percent",
          "offer.discount_amount",
          "offer.valid_until",
          "offers",
          "unsubscribe_url",
          "confirm_url");

  private static final String SUFFIX_BODY = ".body.liquid";
  private static final String SUFFIX_SUBJECT = ".subject.liquid";

  private final TemplateParser parser;
  private final TemplateParser strictParser;
  private final Map<String, Map<String, ParsedTemplates>> bodies;
  private final Map<String, Map<String, ParsedTemplates>> subjects;
  private final String currency;
  private final String chainLanguage;

  private MessageTemplates(
      Map<String, Map<String, String>> bodySources,
      Map<String, Map<String, String>> subjectSources,
      String currency,
      String chainLanguage) {
    this.currency = Objects.requireNonNull(currency, "currency");
    this.chainLanguage = Objects.requireNonNull(chainLanguage, "chainLanguage");
    TemplateParser.Builder builder = new TemplateParser.Builder();
    TemplateParser.Builder strict =
        new TemplateParser.Builder()
            .withStrictVariables(true)
            .withErrorMode(TemplateParser.ErrorMode.WARN);
    for (Filter filter : LocaleFilters.all()) {
      builder.withFilter(filter);
      strict.withFilter(filter);
    }
    this.parser = builder.build();
    this.strictParser = strict.build();
    this.bodies = parseAll(bodySources, SUFFIX_BODY);
    this.subjects = parseAll(subjectSources, SUFFIX_SUBJECT);
  }

  /** Templates from source text: name, then language, then the template (tests, examples). */
  public static MessageTemplates of(
      Map<String, Map<String, String>> bodies,
      Map<String, Map<String, String>> subjects,
      String currency,
      String chainLanguage) {
    return new MessageTemplates(bodies, subjects, currency, chainLanguage);
  }

  /** Loads and checks every template under {@code folder}; a missing folder holds none. */
  public static MessageTemplates load(Path folder, String currency, String chainLanguage) {
    Map<String, Map<String, String>> bodies = new TreeMap<>();
    Map<String, Map<String, String>> subjects = new TreeMap<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.walk(folder, 2)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          String fileName = file.getFileName().toString();
          String name = file.getParent().getFileName().toString();
          if (fileName.endsWith(SUFFIX_BODY)) {
            bodies
                .computeIfAbsent(name, n -> new TreeMap<>())
                .put(strip(fileName, SUFFIX_BODY), Files.readString(file, StandardCharsets.UTF_8));
          } else if (fileName.endsWith(SUFFIX_SUBJECT)) {
            subjects
                .computeIfAbsent(name, n -> new TreeMap<>())
                .put(
                    strip(fileName, SUFFIX_SUBJECT),
                    Files.readString(file, StandardCharsets.UTF_8));
          }
        }
      } catch (IOException e) {
        throw new TemplateException(
            folder.toString(), "cannot be read: " + e.getMessage(), List.of());
      }
    }
    return new MessageTemplates(bodies, subjects, currency, chainLanguage);
  }

  private static String strip(String fileName, String suffix) {
    return fileName.substring(0, fileName.length() - suffix.length());
  }

  /** The template names, such as {@code birthday}. */
  public Set<String> names() {
    return Set.copyOf(bodies.keySet());
  }

  /** The languages a template is written in. */
  public Set<String> languagesOf(String name) {
    return Set.copyOf(bodies.getOrDefault(name, Map.of()).keySet());
  }

  /**
   * Renders a template for a shopper, in the first language of their chain it has. Throws {@link
   * TemplateException} when there is no such template in any of those languages.
   */
  public RenderedMessage render(String name, TemplateInput input) {
    Map<String, ParsedTemplates> byLanguage = bodies.get(name);
    if (byLanguage == null) {
      throw new TemplateException(name, "no such template; have " + names(), List.of());
    }
    for (String language : LanguageChain.of(input.language(), chainLanguage)) {
      ParsedTemplates body = byLanguage.get(language);
      if (body != null) {
        Map<String, Object> variables = variables(input, language);
        ParsedTemplates subject = subjects.getOrDefault(name, Map.of()).get(language);
        return new RenderedMessage(
            subject == null ? "" : render(subject, variables).strip(),
            render(body, variables),
            language);
      }
    }
    throw new TemplateException(
        name,
        "not written in any of " + LanguageChain.of(input.language(), chainLanguage),
        List.of());
  }

  /** Renders one template (see {@link ParsedTemplates} for why renders never share a copy). */
  private static String render(ParsedTemplates template, Map<String, Object> variables) {
    return template.render(variables);
  }

  private Map<String, Map<String, ParsedTemplates>> parseAll(
      Map<String, Map<String, String>> sources, String suffix) {
    Map<String, Map<String, ParsedTemplates>> parsed = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> byName : sources.entrySet()) {
      for (Map.Entry<String, String> byLanguage : byName.getValue().entrySet()) {
        String file = byName.getKey() + "/" + byLanguage.getKey() + suffix;
        check(file, byLanguage.getValue());
        ParsedTemplates template;
        try {
          template = new ParsedTemplates(byLanguage.getValue(), parser);
        } catch (RuntimeException e) {
          throw new TemplateException(file, "syntax error: " + e.getMessage(), List.of());
        }
        parsed
            .computeIfAbsent(byName.getKey(), n -> new TreeMap<>())
            .put(byLanguage.getKey(), template);
      }
    }
    return parsed;
  }

  /** Renders the template against a sample of every variable, collecting unknown ones. */
  private void check(String file, String source) {
    Template strict;
    try {
      strict = strictParser.parse(source);
    } catch (RuntimeException e) {
      throw new TemplateException(file, "syntax error: " + e.getMessage(), List.of());
    }
    Set<String> unknown = new LinkedHashSet<>();
    try {
      strict.render(variables(sample(), "en"));
    } catch (VariableNotExistException e) {
      unknown.add(e.getVariableName());
    } catch (RuntimeException e) {
      throw new TemplateException(file, "cannot be rendered: " + e.getMessage(), List.of());
    }
    for (Exception error : strict.errors()) {
      if (error instanceof VariableNotExistException missing) {
        unknown.add(missing.getVariableName());
      }
    }
    if (!unknown.isEmpty()) {
      throw new TemplateException(
          file,
          "unknown variables " + unknown + "; a template may use " + VARIABLES,
          new ArrayList<>(unknown));
    }
  }

  private static TemplateInput sample() {
    return new TemplateInput(
        "L-1",
        Optional.of("Ana"),
        "en",
        ZoneId.of("UTC"),
        List.of(
            new OfferWords(
                "sample",
                "Sample",
                "Sample offer",
                Optional.of(BigDecimal.TEN),
                Optional.of(BigDecimal.ONE),
                Instant.parse("2026-12-31T23:59:59Z"))),
        Map.of("unsubscribe_url", "https://example.org/u", "confirm_url", "https://example.org/c"),
        Optional.of("Leo"));
  }

  private Map<String, Object> variables(TemplateInput input, String language) {
    Map<String, Object> variables = new HashMap<>();
    Map<String, Object> shopper = new LinkedHashMap<>();
    shopper.put("first_name", input.firstName().orElse(""));
    shopper.put("loyalty_id", input.loyaltyId());
    variables.put("shopper", shopper);
    Map<String, Object> member = new LinkedHashMap<>();
    member.put("first_name", input.memberFirstName().orElse(""));
    variables.put("member", member);
    List<Map<String, Object>> offers = new ArrayList<>();
    for (OfferWords offer : input.offers()) {
      Map<String, Object> words = new LinkedHashMap<>();
      words.put("code", offer.code());
      words.put("headline", offer.headline());
      words.put("body", offer.body());
      words.put(
          "discount_percent", offer.discountPercent().map(BigDecimal::toPlainString).orElse(""));
      words.put(
          "discount_amount", offer.discountAmount().map(BigDecimal::toPlainString).orElse(""));
      words.put("valid_until", offer.validUntil().toString());
      offers.add(words);
    }
    variables.put("offers", offers);
    variables.put("offer", offers.isEmpty() ? new LinkedHashMap<>(EMPTY_OFFER) : offers.get(0));
    variables.put("unsubscribe_url", input.links().getOrDefault("unsubscribe_url", ""));
    variables.put("confirm_url", input.links().getOrDefault("confirm_url", ""));
    variables.put(LocaleFilters.LOCALE, language);
    variables.put(LocaleFilters.CURRENCY, currency);
    variables.put(LocaleFilters.ZONE, input.zone().getId());
    return variables;
  }

  private static final Map<String, Object> EMPTY_OFFER =
      Map.of(
          "code",
          "",
          "headline",
          "",
          "body",
          "",
          "discount_percent",
          "",
          "discount_amount",
          "",
          "valid_until",
          "");
}
