package org.tailor.server.api;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * Checks a parsed JSON body against the Java type it will be bound to, before JSON-B binds it, so
 * that a wrong type is reported with the field's path, the value sent and what was expected
 * (JSON-B's own errors name neither reliably).
 *
 * <p>The rules: a value must have the JSON kind of its Java type (text in quotes for {@code
 * String}, dates and enums; a number for numbers; {@code true}/{@code false}; an object for a
 * record or map; an array for a list, set or array), whole numbers must fit their type, dates and
 * times must parse in ISO-8601, enum values must be one of the constants. A missing or {@code null}
 * value is an error only for a primitive component ({@code int}, {@code long}, {@code boolean},
 * ...), which JSON-B would otherwise silently set to zero; whether other values may be absent is
 * for the record's compact constructor or the resource to decide, throwing {@link
 * InvalidInputException} (or declare the component {@link Optional}). Unknown members are ignored.
 * Components with their own JSON-B adapter or deserializer are left to it.
 */
final class JsonShape {

  private record Textual(Message expected, Consumer<String> parse) {}

  private static final Map<Class<?>, Textual> TEXTUAL =
      Map.ofEntries(
          textual(LocalDate.class, "errors", "expected.date", LocalDate::parse),
          textual(
              Instant.class,
              "errors",
              "expected.timestamp",
              s -> DateTimeFormatter.ISO_INSTANT.parse(s, Instant::from)),
          textual(OffsetDateTime.class, "errors", "expected.timestamp", OffsetDateTime::parse),
          textual(ZonedDateTime.class, "errors", "expected.timestamp", ZonedDateTime::parse),
          textual(LocalDateTime.class, "api", "expected.local.date.time", LocalDateTime::parse),
          textual(LocalTime.class, "api", "expected.time", LocalTime::parse),
          textual(Duration.class, "api", "expected.duration", Duration::parse),
          textual(Period.class, "api", "expected.period", Period::parse),
          textual(ZoneId.class, "errors", "expected.time.zone", ZoneId::of),
          textual(ZoneOffset.class, "errors", "expected.time.zone", ZoneOffset::of),
          textual(UUID.class, "api", "expected.uuid", UUID::fromString),
          textual(URI.class, "api", "expected.uri", URI::new));

  private static final Map<Class<?>, long[]> INTEGER_RANGES =
      Map.of(
          byte.class, new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE},
          Byte.class, new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE},
          short.class, new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
          Short.class, new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
          int.class, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
          Integer.class, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
          long.class, new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
          Long.class, new long[] {Long.MIN_VALUE, Long.MAX_VALUE});

  private static final List<Class<?>> DECIMALS =
      List.of(
          double.class,
          Double.class,
          float.class,
          Float.class,
          BigDecimal.class,
          Number.class,
          OptionalDouble.class);

  private JsonShape() {}

  private static Map.Entry<Class<?>, Textual> textual(
      Class<?> type, String bundle, String key, ThrowingParse parse) {
    return Map.entry(
        type,
        new Textual(
            Message.of(bundle, key),
            s -> {
              try {
                parse.apply(s);
              } catch (Exception e) {
                throw new IllegalArgumentException(e);
              }
            }));
  }

  @FunctionalInterface
  private interface ThrowingParse {
    Object apply(String text) throws Exception;
  }

  /**
   * Checks {@code value} against {@code type}; {@code path} is where it sits in the body ({@code
   * ""} for the body itself).
   *
   * @throws InvalidInputException naming the first mismatch found
   */
  static void check(Type type, JsonValue value, String path) {
    Class<?> raw = rawClass(type);
    if (raw == null) {
      return; // an unresolved type variable: nothing to check against
    }
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      if (raw.isPrimitive()) {
        throw new InvalidInputException(field(path), null, expected(raw));
      }
      return;
    }
    if (raw == Object.class || JsonValue.class.isAssignableFrom(raw)) {
      return;
    }
    if (raw == Optional.class) {
      check(typeArgument(type, 0), value, path);
    } else if (raw == OptionalInt.class) {
      check(int.class, value, path);
    } else if (raw == OptionalLong.class) {
      check(long.class, value, path);
    } else if (raw == String.class || raw == CharSequence.class) {
      requireKind(value, JsonValue.ValueType.STRING, path, raw);
    } else if (raw == char.class || raw == Character.class) {
      requireKind(value, JsonValue.ValueType.STRING, path, raw);
      if (((JsonString) value).getString().length() != 1) {
        throw mismatch(path, value, raw);
      }
    } else if (raw == boolean.class || raw == Boolean.class) {
      if (value.getValueType() != JsonValue.ValueType.TRUE
          && value.getValueType() != JsonValue.ValueType.FALSE) {
        throw mismatch(path, value, raw);
      }
    } else if (INTEGER_RANGES.containsKey(raw) || raw == BigInteger.class) {
      checkWholeNumber(raw, value, path);
    } else if (DECIMALS.contains(raw)) {
      requireKind(value, JsonValue.ValueType.NUMBER, path, raw);
    } else if (raw.isEnum()) {
      requireKind(value, JsonValue.ValueType.STRING, path, raw);
      if (!enumNames(raw).contains(((JsonString) value).getString())) {
        throw mismatch(path, value, raw);
      }
    } else if (TEXTUAL.containsKey(raw)) {
      requireKind(value, JsonValue.ValueType.STRING, path, raw);
      try {
        TEXTUAL.get(raw).parse().accept(((JsonString) value).getString());
      } catch (RuntimeException e) {
        throw mismatch(path, value, raw);
      }
    } else if (raw.isArray() && raw != byte[].class) {
      requireKind(value, JsonValue.ValueType.ARRAY, path, raw);
      Type element =
          type instanceof GenericArrayType generic
              ? generic.getGenericComponentType()
              : raw.getComponentType();
      checkElements(element, value, path);
    } else if (Collection.class.isAssignableFrom(raw)) {
      requireKind(value, JsonValue.ValueType.ARRAY, path, raw);
      checkElements(typeArgument(type, 0), value, path);
    } else if (Map.class.isAssignableFrom(raw)) {
      requireKind(value, JsonValue.ValueType.OBJECT, path, raw);
      Type valueType = typeArgument(type, 1);
      value.asJsonObject().forEach((k, v) -> check(valueType, v, JsonTree.member(path, k)));
    } else if (hasOwnBinding(raw) || raw.getName().startsWith("java.")) {
      return; // bound by its own adapter, or a JDK type we have no rule for
    } else if (raw.isRecord()) {
      requireKind(value, JsonValue.ValueType.OBJECT, path, raw);
      checkRecord(raw, value.asJsonObject(), path);
    } else {
      requireKind(value, JsonValue.ValueType.OBJECT, path, raw);
      checkBean(raw, value.asJsonObject(), path);
    }
  }

  /**
   * Where a field named by a record's own validation sits in the body: a nested record's compact
   * constructor only knows its own component ({@code street}), the caller wants the path ({@code
   * address.street}). Returns the path when exactly one place in the body fits (a component of that
   * name whose value is the one refused), else the field as given.
   */
  static String locate(Type type, JsonValue body, String field, String refusedValue) {
    if (field.contains(".") || field.contains("[")) {
      return field;
    }
    List<String> named = new ArrayList<>();
    List<String> withValue = new ArrayList<>();
    visit(type, body, "", field, refusedValue, named, withValue);
    if (withValue.size() == 1) {
      return withValue.get(0);
    }
    return named.size() == 1 ? named.get(0) : field;
  }

  private static void visit(
      Type type,
      JsonValue value,
      String path,
      String field,
      String refusedValue,
      List<String> named,
      List<String> withValue) {
    Class<?> raw = rawClass(type);
    if (raw == null || value == null) {
      return;
    }
    JsonValue.ValueType kind = value.getValueType();
    if (raw == Optional.class) {
      visit(typeArgument(type, 0), value, path, field, refusedValue, named, withValue);
    } else if (kind == JsonValue.ValueType.ARRAY
        && (Collection.class.isAssignableFrom(raw) || raw.isArray())) {
      Type element =
          raw.isArray()
              ? (type instanceof GenericArrayType g
                  ? g.getGenericComponentType()
                  : raw.getComponentType())
              : typeArgument(type, 0);
      int index = 0;
      for (JsonValue item : value.asJsonArray()) {
        visit(element, item, path + "[" + index++ + "]", field, refusedValue, named, withValue);
      }
    } else if (kind == JsonValue.ValueType.OBJECT && Map.class.isAssignableFrom(raw)) {
      Type valueType = typeArgument(type, 1);
      value
          .asJsonObject()
          .forEach(
              (k, v) ->
                  visit(
                      valueType,
                      v,
                      JsonTree.member(path, k),
                      field,
                      refusedValue,
                      named,
                      withValue));
    } else if (kind == JsonValue.ValueType.OBJECT && raw.isRecord()) {
      JsonObject object = value.asJsonObject();
      for (RecordComponent component : raw.getRecordComponents()) {
        String name = jsonName(component);
        JsonValue member = object.get(name);
        String memberPath = JsonTree.member(path, name);
        if (name.equals(field)) {
          named.add(memberPath);
          if (sameValue(member, refusedValue)) {
            withValue.add(memberPath);
          }
        }
        visit(
            component.getGenericType(), member, memberPath, field, refusedValue, named, withValue);
      }
    }
  }

  private static boolean sameValue(JsonValue member, String refusedValue) {
    if (member == null || member.getValueType() == JsonValue.ValueType.NULL) {
      return refusedValue == null;
    }
    String shown =
        member.getValueType() == JsonValue.ValueType.STRING
            ? ((JsonString) member).getString()
            : member.toString();
    return shown.equals(refusedValue);
  }

  /** What a value of this Java type must look like, in words. */
  static Message expected(Class<?> raw) {
    if (raw == String.class || raw == CharSequence.class) {
      return Message.of("api", "expected.string");
    }
    if (raw == char.class || raw == Character.class) {
      return Message.of("api", "expected.character");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return Message.of("api", "expected.boolean");
    }
    if (INTEGER_RANGES.containsKey(raw)
        || raw == BigInteger.class
        || raw == OptionalInt.class
        || raw == OptionalLong.class) {
      return Message.of("errors", "expected.integer");
    }
    if (DECIMALS.contains(raw)) {
      return Message.of("errors", "expected.decimal");
    }
    if (raw.isEnum()) {
      return Message.of("errors", "expected.one.of", String.join(", ", enumNames(raw)));
    }
    Textual textual = TEXTUAL.get(raw);
    if (textual != null) {
      return textual.expected();
    }
    if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
      return Message.of("api", "expected.array");
    }
    if (raw.isRecord()) {
      List<String> names =
          Arrays.stream(raw.getRecordComponents()).map(JsonShape::jsonName).toList();
      return Message.of("api", "expected.object.with", String.join(", ", names));
    }
    return Message.of("api", "expected.object");
  }

  private static void checkRecord(Class<?> raw, JsonObject object, String path) {
    for (Member member : MEMBERS.get(raw)) {
      check(member.type(), object.get(member.name()), JsonTree.member(path, member.name()));
    }
  }

  private static void checkBean(Class<?> raw, JsonObject object, String path) {
    for (Member member : MEMBERS.get(raw)) {
      JsonValue value = object.get(member.name());
      if (value != null) {
        check(member.type(), value, JsonTree.member(path, member.name()));
      }
    }
  }

  /** A member of a record or bean that is checked: its name in JSON and the type it binds to. */
  private record Member(String name, Type type) {}

  /**
   * The checked members of each record or bean class, looked up by reflection once per class rather
   * than for every object of every request body ({@code getRecordComponents} and {@code
   * getDeclaredField} copy what they return, and a basket holds dozens of objects).
   */
  private static final ClassValue<List<Member>> MEMBERS =
      new ClassValue<>() {
        @Override
        protected List<Member> computeValue(Class<?> raw) {
          return raw.isRecord() ? recordMembers(raw) : beanMembers(raw);
        }
      };

  private static List<Member> recordMembers(Class<?> raw) {
    List<Member> members = new ArrayList<>();
    for (RecordComponent component : raw.getRecordComponents()) {
      Field field = declaredField(raw, component.getName());
      if (field != null && hasOwnBinding(field)) {
        continue;
      }
      members.add(new Member(jsonName(component), component.getGenericType()));
    }
    return List.copyOf(members);
  }

  private static List<Member> beanMembers(Class<?> raw) {
    List<Member> members = new ArrayList<>();
    for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)
            || Modifier.isTransient(modifiers)
            || field.isAnnotationPresent(JsonbTransient.class)
            || hasOwnBinding(field)) {
          continue;
        }
        members.add(new Member(jsonName(field, field.getName()), field.getGenericType()));
      }
    }
    return List.copyOf(members);
  }

  private static void checkElements(Type element, JsonValue array, String path) {
    int index = 0;
    for (JsonValue item : array.asJsonArray()) {
      check(element, item, path + "[" + index++ + "]");
    }
  }

  private static void checkWholeNumber(Class<?> raw, JsonValue value, String path) {
    requireKind(value, JsonValue.ValueType.NUMBER, path, raw);
    JsonNumber number = (JsonNumber) value;
    if (!number.isIntegral()) {
      throw mismatch(path, value, raw);
    }
    long[] range = INTEGER_RANGES.get(raw);
    if (range != null) {
      BigInteger whole = number.bigIntegerValue();
      if (whole.compareTo(BigInteger.valueOf(range[0])) < 0
          || whole.compareTo(BigInteger.valueOf(range[1])) > 0) {
        throw new InvalidInputException(
            field(path),
            value.toString(),
            Message.of(
                "errors",
                "expected.integer.range",
                Long.toString(range[0]),
                Long.toString(range[1])));
      }
    }
  }

  private static void requireKind(
      JsonValue value, JsonValue.ValueType kind, String path, Class<?> raw) {
    if (value.getValueType() != kind) {
      throw mismatch(path, value, raw);
    }
  }

  private static InvalidInputException mismatch(String path, JsonValue value, Class<?> raw) {
    String shown =
        value.getValueType() == JsonValue.ValueType.STRING
            ? ((JsonString) value).getString()
            : value.toString();
    return new InvalidInputException(field(path), shown, expected(raw));
  }

  /** The field name reported for a path; the body itself is called {@code body}. */
  private static String field(String path) {
    return path.isEmpty() ? "body" : path;
  }

  private static List<String> enumNames(Class<?> raw) {
    List<String> names = new ArrayList<>();
    for (Object constant : raw.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      names.add(jsonName(declaredField(raw, name), name));
    }
    return names;
  }

  private static String jsonName(RecordComponent component) {
    Field field = declaredField(component.getDeclaringRecord(), component.getName());
    String fromField = jsonName(field, component.getName());
    if (!fromField.equals(component.getName())) {
      return fromField;
    }
    return jsonName(component.getAccessor(), component.getName());
  }

  private static String jsonName(AnnotatedElement element, String fallback) {
    if (element == null) {
      return fallback;
    }
    JsonbProperty property = element.getAnnotation(JsonbProperty.class);
    return property == null || property.value().isEmpty() ? fallback : property.value();
  }

  private static boolean hasOwnBinding(AnnotatedElement element) {
    return element.isAnnotationPresent(JsonbTypeAdapter.class)
        || element.isAnnotationPresent(JsonbTypeDeserializer.class);
  }

  private static Field declaredField(Class<?> owner, String name) {
    try {
      return owner.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getActualTypeArguments().length > index) {
      return parameterized.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  /** The class of a type; {@code null} for a type variable (nothing known to check against). */
  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType parameterized) {
      return rawClass(parameterized.getRawType());
    }
    if (type instanceof GenericArrayType array) {
      Class<?> component = rawClass(array.getGenericComponentType());
      return component == null ? null : component.arrayType();
    }
    if (type instanceof WildcardType wildcard) {
      return rawClass(wildcard.getUpperBounds()[0]);
    }
    return null;
  }
}
