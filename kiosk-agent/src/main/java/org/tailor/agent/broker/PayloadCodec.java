package org.tailor.agent.broker;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.nio.charset.StandardCharsets;

/** Turns the protocol's records into JSON payloads and back, with Jakarta JSON-B. */
public final class PayloadCodec {

  private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig());

  private PayloadCodec() {}

  /** The UTF-8 JSON of a payload. */
  public static byte[] encode(Object payload) {
    return JSONB.toJson(payload).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a payload.
   *
   * @throws MalformedPayloadException when it is not JSON of that shape
   */
  public static <T> T decode(byte[] payload, Class<T> type) {
    try {
      T value = JSONB.fromJson(new String(payload, StandardCharsets.UTF_8), type);
      if (value == null) {
        throw new MalformedPayloadException(type.getSimpleName() + ": empty payload");
      }
      return value;
    } catch (JsonbException e) {
      throw new MalformedPayloadException(type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
