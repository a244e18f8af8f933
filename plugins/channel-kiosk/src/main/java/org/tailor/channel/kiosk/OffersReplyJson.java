package org.tailor.channel.kiosk;

import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.ProtocolError;
import org.tailor.terminal.protocol.ShopperGreeting;

/**
 * Writes an {@link OffersReply} (the answer to every identify) with the JSON-P streaming generator,
 * the same text JSON-B's default binding writes for it: properties in lexicographic order, absent
 * (null) ones left out, instants as ISO-8601 in UTC, decimals as numbers. JSON-B finds the
 * properties of each record, their serializers and their order again for every reply; here they are
 * written in order. {@code ReplyWriterTest} compares the two on replies of every shape.
 */
final class OffersReplyJson {

  private final JsonGeneratorFactory generators;

  OffersReplyJson(JsonGeneratorFactory generators) {
    this.generators = generators;
  }

  void write(OffersReply reply, Writer out) {
    try (JsonGenerator json = generators.createGenerator(out)) {
      json.writeStartObject();
      text(json, "currency", reply.currency());
      if (reply.error() != null) {
        error(json, reply.error());
      }
      json.write("holdout", reply.holdout());
      if (reply.offers() != null) {
        json.writeStartArray("offers");
        for (OfferView offer : reply.offers()) {
          offer(json, offer);
        }
        json.writeEnd();
      }
      text(json, "presentationId", reply.presentationId());
      instant(json, "repliedAt", reply.repliedAt());
      text(json, "requestId", reply.requestId());
      if (reply.shopper() != null) {
        shopper(json, reply.shopper());
      }
      json.writeEnd();
    }
  }

  private static void error(JsonGenerator json, ProtocolError error) {
    json.writeStartObject("error");
    text(json, "code", error.code());
    text(json, "expected", error.expected());
    text(json, "field", error.field());
    text(json, "message", error.message());
    text(json, "value", error.value());
    json.writeEnd();
  }

  private static void offer(JsonGenerator json, OfferView offer) {
    json.writeStartObject();
    text(json, "body", offer.body());
    text(json, "code", offer.code());
    decimal(json, "discountAmount", offer.discountAmount());
    decimal(json, "discountPercent", offer.discountPercent());
    text(json, "headline", offer.headline());
    json.write("rank", offer.rank());
    instant(json, "validUntil", offer.validUntil());
    json.writeEnd();
  }

  private static void shopper(JsonGenerator json, ShopperGreeting shopper) {
    json.writeStartObject("shopper");
    text(json, "firstName", shopper.firstName());
    json.write("known", shopper.known());
    text(json, "language", shopper.language());
    json.write("rightToLeft", shopper.rightToLeft());
    json.writeEnd();
  }

  private static void text(JsonGenerator json, String name, String value) {
    if (value != null) {
      json.write(name, value);
    }
  }

  private static void decimal(JsonGenerator json, String name, BigDecimal value) {
    if (value != null) {
      json.write(name, value);
    }
  }

  private static void instant(JsonGenerator json, String name, Instant value) {
    if (value != null) {
      json.write(name, value.toString());
    }
  }
}
