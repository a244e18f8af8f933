package org.tailor.channel.kiosk;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.tailor.terminal.protocol.IdentifyRequest;
import org.tailor.terminal.protocol.PresentationShown;
import org.tailor.terminal.protocol.RedemptionMessage;
import org.tailor.terminal.protocol.ShopperIdentifier;
import org.tailor.terminal.protocol.TerminalStatus;

/**
 * Reads terminal payloads strictly: at most a configured number of bytes, UTF-8, one JSON object,
 * every field known, present when required and of the documented type and range; then binds it to
 * its record with JSON-B. Anything else is a {@link PayloadException} whose error names the field,
 * the value and what was expected.
 */
final class PayloadReader {

  static final List<String> IDENTIFIER_TYPES = List.of("loyalty", "phone", "qr");
  static final List<String> STATES = List.of("online", "offline");
  private static final Set<String> IDENTIFY_FIELDS =
      Set.of("messageId", "identifier", "language", "maxOffers", "sentAt");
  private static final Set<String> IDENTIFIER_FIELDS = Set.of("type", "value");
  private static final int MAX_ID = 100;
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

  private final JsonReaderFactory readers;
  private final Jsonb jsonb;
  private final int maxBytes;

  PayloadReader(JsonReaderFactory readers, Jsonb jsonb, int maxBytes) {
    this.readers = readers;
    this.jsonb = jsonb;
    this.maxBytes = maxBytes;
  }

  int maxBytes() {
    return maxBytes;
  }

  /** The {@code messageId} of a payload if it can be read at all, for error replies. */
  String messageIdOf(byte[] payload) {
    try {
      JsonObject object = object(payload);
      JsonValue id = object.get("messageId");
      return id != null && id.getValueType() == JsonValue.ValueType.STRING
          ? Errors.shorten(object.getString("messageId"))
          : null;
    } catch (PayloadException | RuntimeException e) {
      return null;
    }
  }

  IdentifyRequest identify(byte[] payload) throws PayloadException {
    JsonObject object = object(payload);
    JsonFields fields = new JsonFields(object, "").allowOnly(IDENTIFY_FIELDS);
    // Made from the checked fields rather than bound by JSON-B from the text again: identify is
    // what every shopper at every terminal sends, and the fields are all there is to it.
    String messageId = fields.text("messageId", MAX_ID);
    ShopperIdentifier identifier = identifier(fields);
    String language = fields.optionalText("language", 35);
    int maxOffers = (int) fields.integer("maxOffers", 1, 10);
    Instant sentAt = fields.timestamp("sentAt");
    return new IdentifyRequest(messageId, identifier, language, maxOffers, sentAt);
  }

  RedemptionMessage redemption(byte[] payload) throws PayloadException {
    JsonObject object = object(payload);
    JsonFields fields =
        new JsonFields(object, "")
            .allowOnly(
                Set.of(
                    "messageId",
                    "presentationId",
                    "offerCode",
                    "identifier",
                    "redeemedAt",
                    "basketAmount"));
    fields.text("messageId", MAX_ID);
    fields.optionalText("presentationId", MAX_ID);
    fields.text("offerCode", 64);
    identifier(fields);
    fields.timestamp("redeemedAt");
    fields.decimal("basketAmount", BigDecimal.ZERO, MAX_AMOUNT);
    return bind(object, RedemptionMessage.class);
  }

  PresentationShown shown(byte[] payload) throws PayloadException {
    JsonObject object = object(payload);
    JsonFields fields =
        new JsonFields(object, "").allowOnly(Set.of("messageId", "presentationId", "shownAt"));
    fields.text("messageId", MAX_ID);
    fields.text("presentationId", MAX_ID);
    fields.timestamp("shownAt");
    return bind(object, PresentationShown.class);
  }

  TerminalStatus status(byte[] payload) throws PayloadException {
    JsonObject object = object(payload);
    JsonFields fields =
        new JsonFields(object, "")
            .allowOnly(
                Set.of("state", "agentVersion", "queuedMessages", "configRevision", "sentAt"));
    fields.oneOf("state", STATES);
    fields.optionalText("agentVersion", 40);
    fields.integer("queuedMessages", 0, Integer.MAX_VALUE);
    fields.integer("configRevision", 0, Long.MAX_VALUE);
    fields.timestamp("sentAt");
    return bind(object, TerminalStatus.class);
  }

  /** The shopper's identifier, checked; {@code null} for an anonymous shopper. */
  private static ShopperIdentifier identifier(JsonFields fields) throws PayloadException {
    JsonFields identifier = fields.optionalObject("identifier");
    if (identifier == null) {
      return null;
    }
    identifier.allowOnly(IDENTIFIER_FIELDS);
    return new ShopperIdentifier(
        identifier.oneOf("type", IDENTIFIER_TYPES), identifier.text("value", 200));
  }

  private JsonObject object(byte[] payload) throws PayloadException {
    if (payload.length > maxBytes) {
      throw PayloadException.of(
          Errors.TOO_LARGE, "payload", payload.length + " bytes", "at most " + maxBytes + " bytes");
    }
    String text = text(payload);
    try (JsonReader reader = readers.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        throw PayloadException.of(Errors.MALFORMED, "payload", text, "a JSON object ({...})");
      }
      return object;
    } catch (JsonParsingException e) {
      throw PayloadException.of(
          Errors.MALFORMED,
          "payload",
          text,
          "a JSON object; "
              + "invalid JSON at line "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber());
    } catch (JsonException e) {
      throw PayloadException.of(Errors.MALFORMED, "payload", text, "a JSON object");
    }
  }

  /**
   * The payload as text, refused unless it is well-formed UTF-8. A payload of ASCII only (what
   * terminals send but for a shopper's name or a language's own script) is well-formed and is its
   * own text byte for byte, so it is copied once into the string instead of going through a decoder
   * and its buffer.
   */
  static String text(byte[] payload) throws PayloadException {
    if (isAscii(payload)) {
      return new String(payload, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload))
          .toString();
    } catch (CharacterCodingException e) {
      throw PayloadException.of(
          Errors.MALFORMED, "payload", payload.length + " bytes", "UTF-8 text");
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private <T> T bind(JsonObject object, Class<T> type) throws PayloadException {
    try {
      return jsonb.fromJson(object.toString(), type);
    } catch (JsonbException e) {
      throw PayloadException.of(
          Errors.MALFORMED, "payload", object.toString(), "a " + type.getSimpleName());
    }
  }
}
