package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tailor.terminal.protocol.Ack;
import org.tailor.terminal.protocol.IdentifyRequest;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.PresentationShown;
import org.tailor.terminal.protocol.ProtocolError;
import org.tailor.terminal.protocol.RedemptionMessage;
import org.tailor.terminal.protocol.ShopperGreeting;
import org.tailor.terminal.protocol.ShopperIdentifier;
import org.tailor.terminal.protocol.TerminalConfig;
import org.tailor.terminal.protocol.TerminalStatus;
import org.tailor.terminal.protocol.Topics;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docs/asyncapi.yaml} says what the code does: a channel for every topic kind in {@link
 * Topics} at the address the code builds, for every payload record a schema with exactly its
 * fields, each of the JSON type JSON-B writes it as, and exactly the error codes of {@link
 * ProtocolError#CODES}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncApiDocumentTest {

  private static final List<Class<? extends Record>> PAYLOADS =
      List.of(
          IdentifyRequest.class,
          OffersReply.class,
          OfferView.class,
          ShopperGreeting.class,
          ShopperIdentifier.class,
          ProtocolError.class,
          PresentationShown.class,
          RedemptionMessage.class,
          Ack.class,
          TerminalStatus.class,
          TerminalConfig.class);

  private Map<String, Object> document;

  @BeforeAll
  @SuppressWarnings("unchecked")
  void read() throws IOException {
    try (Reader reader = Files.newBufferedReader(Path.of("..", "docs", "asyncapi.yaml"))) {
      document = (Map<String, Object>) new Yaml().load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String what) {
    assertThat(value).as(what).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @Test
  void isAsyncApiThreeForTheProtocolVersionOfTheCode() {
    assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
    String version = (String) map(document.get("info"), "info").get("version");
    assertThat("v" + version.substring(0, version.indexOf('.'))).isEqualTo(Topics.VERSION);
  }

  @Test
  void hasAChannelForEveryTopicKindAtTheAddressTheCodeBuilds() throws IllegalAccessException {
    Map<String, Object> channels = map(document.get("channels"), "channels");
    List<String> kinds = new ArrayList<>();
    for (Field field : Topics.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && !field.getName().equals("VERSION")
          && !field.getName().equals("ROOT")) {
        kinds.add((String) field.get(null));
      }
    }
    assertThat(kinds).hasSize(7);
    assertThat(channels.keySet()).containsExactlyInAnyOrderElementsOf(kinds);
    for (String kind : kinds) {
      assertThat(map(channels.get(kind), kind).get("address"))
          .as(kind)
          .isEqualTo(Topics.terminalTopic("{store}", "{terminal}", kind));
    }
  }

  @Test
  void describesEveryPayloadRecordWithExactlyItsFieldsAndTheirJsonTypes() {
    Map<String, Object> schemas =
        map(map(document.get("components"), "components").get("schemas"), "schemas");
    for (Class<? extends Record> payload : PAYLOADS) {
      String name = payload.getSimpleName();
      Map<String, Object> properties =
          map(map(schemas.get(name), name).get("properties"), name + ".properties");
      RecordComponent[] components = payload.getRecordComponents();
      assertThat(properties.keySet())
          .as(name)
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(components).map(RecordComponent::getName).toList());
      for (RecordComponent component : components) {
        Map<String, Object> property =
            map(properties.get(component.getName()), name + "." + component.getName());
        assertThat(jsonTypeOf(property))
            .as(name + "." + component.getName())
            .isEqualTo(expectedJsonType(component));
      }
    }
  }

  @Test
  void listsExactlyTheErrorCodesOfTheCode() {
    Map<String, Object> schemas =
        map(map(document.get("components"), "components").get("schemas"), "schemas");
    Map<String, Object> code =
        map(
            map(map(schemas.get("ProtocolError"), "ProtocolError").get("properties"), "properties")
                .get("code"),
            "ProtocolError.code");
    assertThat(code.get("enum")).as("ProtocolError.code enum").isInstanceOf(List.class);
    assertThat(((List<?>) code.get("enum")).stream().map(String::valueOf).toList())
        .as("ProtocolError.code enum")
        .containsExactlyInAnyOrderElementsOf(ProtocolError.CODES);
  }

  private static String jsonTypeOf(Map<String, Object> property) {
    Object ref = property.get("$ref");
    if (ref != null) {
      String path = (String) ref;
      return "ref:" + path.substring(path.lastIndexOf('/') + 1);
    }
    if ("array".equals(property.get("type"))) {
      return "array:" + jsonTypeOf(map(property.get("items"), "items"));
    }
    Object format = property.get("format");
    return property.get("type") + (format == null ? "" : ":" + format);
  }

  private static String expectedJsonType(RecordComponent component) {
    Class<?> type = component.getType();
    if (type == String.class) {
      return "string";
    }
    if (type == int.class || type == long.class) {
      return "integer";
    }
    if (type == boolean.class) {
      return "boolean";
    }
    if (type == BigDecimal.class) {
      return "number";
    }
    if (type == Instant.class) {
      return "string:date-time";
    }
    if (type.isRecord()) {
      return "ref:" + type.getSimpleName();
    }
    if (type == List.class) {
      Class<?> item =
          (Class<?>)
              ((java.lang.reflect.ParameterizedType) component.getGenericType())
                  .getActualTypeArguments()[0];
      return "array:ref:" + item.getSimpleName();
    }
    throw new AssertionError("no JSON type known for " + type + " of " + component);
  }
}
