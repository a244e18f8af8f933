package org.tailor.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The few MQTT 5 packets a simulated terminal needs, encoded and decoded by hand, so that thousands
 * of terminals cost a socket and a few buffers each rather than a client library's threads and
 * objects: CONNECT with user name and password, SUBSCRIBE, PUBLISH (QoS 0 or 1, with a response
 * topic and correlation data), PUBACK and DISCONNECT; and the packets that come back.
 */
final class MqttWire {

  static final int CONNACK = 2;
  static final int PUBLISH = 3;
  static final int PUBACK = 4;
  static final int SUBACK = 9;

  private MqttWire() {}

  /**
   * CONNECT: user name and password; {@code cleanStart}; keep-alive in seconds (0: never pinged,
   * never dropped for silence); a session expiry in seconds (0: none kept).
   */
  static byte[] connect(
      String clientId,
      String username,
      String password,
      boolean cleanStart,
      int keepAliveSeconds,
      int sessionExpirySeconds) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, "MQTT");
    body.write(5); // protocol level
    body.write(0xC0 | (cleanStart ? 0x02 : 0)); // user name and password flags
    body.write(keepAliveSeconds >>> 8);
    body.write(keepAliveSeconds);
    if (sessionExpirySeconds > 0) {
      body.write(5); // properties: session expiry interval (0x11), four bytes
      body.write(0x11);
      body.write(sessionExpirySeconds >>> 24);
      body.write(sessionExpirySeconds >>> 16);
      body.write(sessionExpirySeconds >>> 8);
      body.write(sessionExpirySeconds);
    } else {
      body.write(0);
    }
    string(body, clientId);
    string(body, username);
    string(body, password);
    return packet(0x10, body.toByteArray());
  }

  /** SUBSCRIBE to each topic at QoS 1. */
  static byte[] subscribe(int packetId, String... topics) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(packetId >>> 8);
    body.write(packetId);
    body.write(0); // no properties
    for (String topic : topics) {
      string(body, topic);
      body.write(1); // QoS 1
    }
    return packet(0x82, body.toByteArray());
  }

  /** PUBLISH at QoS 1 with a response topic and correlation data. */
  static byte[] publish(
      String topic, int packetId, String responseTopic, byte[] correlation, byte[] payload) {
    ByteArrayOutputStream properties = new ByteArrayOutputStream();
    properties.write(0x08); // response topic
    string(properties, responseTopic);
    properties.write(0x09); // correlation data
    properties.write(correlation.length >>> 8);
    properties.write(correlation.length);
    properties.writeBytes(correlation);
    ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + 128);
    string(body, topic);
    body.write(packetId >>> 8);
    body.write(packetId);
    variableLength(body, properties.size());
    body.writeBytes(properties.toByteArray());
    body.writeBytes(payload);
    return packet(0x32, body.toByteArray()); // PUBLISH, QoS 1
  }

  static byte[] puback(int packetId) {
    return new byte[] {0x40, 2, (byte) (packetId >>> 8), (byte) packetId};
  }

  static byte[] disconnect() {
    return new byte[] {(byte) 0xE0, 0};
  }

  /** A PUBLISH received: its packet id (0 at QoS 0), correlation data if any, and payload. */
  record Received(int packetId, Optional<byte[]> correlation, byte[] payload) {}

  /**
   * The next whole packet in {@code buffer} (in read mode), as its first byte followed by its body;
   * empty, with the buffer's position unchanged, when the packet is not all there yet.
   */
  static Optional<ByteBuffer> next(ByteBuffer buffer) {
    int start = buffer.position();
    if (buffer.remaining() < 2) {
      return Optional.empty();
    }
    int first = buffer.get() & 0xFF;
    int length = 0;
    int multiplier = 1;
    int digit;
    do {
      if (!buffer.hasRemaining()) {
        buffer.position(start);
        return Optional.empty();
      }
      digit = buffer.get() & 0xFF;
      length += (digit & 0x7F) * multiplier;
      multiplier *= 128;
    } while ((digit & 0x80) != 0);
    if (buffer.remaining() < length) {
      buffer.position(start);
      return Optional.empty();
    }
    ByteBuffer packet = ByteBuffer.allocate(length + 1);
    packet.put((byte) first);
    ByteBuffer body = buffer.slice(buffer.position(), length);
    packet.put(body);
    buffer.position(buffer.position() + length);
    return Optional.of(packet.flip());
  }

  /** The packet type (the high four bits of the first byte). */
  static int type(ByteBuffer packet) {
    return (packet.get(0) & 0xFF) >>> 4;
  }

  /** Decodes a PUBLISH packet (first byte and body). */
  static Received publishOf(ByteBuffer packet) {
    ByteBuffer in = packet.duplicate();
    int first = in.get() & 0xFF;
    int qos = (first >>> 1) & 0x03;
    int topicLength = in.getShort() & 0xFFFF;
    in.position(in.position() + topicLength);
    int packetId = qos > 0 ? in.getShort() & 0xFFFF : 0;
    int propertiesLength = variableLength(in);
    int propertiesEnd = in.position() + propertiesLength;
    byte[] correlation = null;
    while (in.position() < propertiesEnd) {
      int id = in.get() & 0xFF;
      switch (id) {
        case 0x01 -> in.get(); // payload format indicator
        case 0x02 -> in.getInt(); // message expiry interval
        case 0x23 -> in.getShort(); // topic alias
        case 0x0B -> variableLength(in); // subscription identifier
        case 0x03, 0x08 -> in.position(in.position() + (in.getShort() & 0xFFFF)); // strings
        case 0x09 -> {
          correlation = new byte[in.getShort() & 0xFFFF];
          in.get(correlation);
        }
        case 0x26 -> { // user property: two strings
          in.position(in.position() + (in.getShort() & 0xFFFF));
          in.position(in.position() + (in.getShort() & 0xFFFF));
        }
        default -> throw new IllegalStateException("unexpected PUBLISH property " + id);
      }
    }
    in.position(propertiesEnd);
    byte[] payload = new byte[in.remaining()];
    in.get(payload);
    return new Received(packetId, Optional.ofNullable(correlation), payload);
  }

  /** The reason code of a CONNACK (0: accepted). */
  static int connackReason(ByteBuffer packet) {
    return packet.limit() > 2 ? packet.get(2) & 0xFF : -1;
  }

  /** Whether every subscription of a SUBACK was granted (reason codes 0 to 2). */
  static boolean subackGranted(ByteBuffer packet, int topics) {
    for (int i = packet.limit() - topics; i < packet.limit(); i++) {
      if ((packet.get(i) & 0xFF) > 2) {
        return false;
      }
    }
    return true;
  }

  /** Reads one whole packet from a blocking stream (first byte and body). */
  static ByteBuffer read(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    int length = 0;
    int multiplier = 1;
    int digit;
    do {
      digit = in.readUnsignedByte();
      length += (digit & 0x7F) * multiplier;
      multiplier *= 128;
    } while ((digit & 0x80) != 0);
    byte[] packet = new byte[length + 1];
    packet[0] = (byte) first;
    in.readFully(packet, 1, length);
    return ByteBuffer.wrap(packet);
  }

  private static byte[] packet(int type, byte[] body) {
    ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
    packet.write(type);
    variableLength(packet, body.length);
    packet.writeBytes(body);
    return packet.toByteArray();
  }

  private static void variableLength(ByteArrayOutputStream out, int value) {
    int length = value;
    do {
      int digit = length % 128;
      length /= 128;
      out.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
  }

  private static int variableLength(ByteBuffer in) {
    int value = 0;
    int multiplier = 1;
    int digit;
    do {
      digit = in.get() & 0xFF;
      value += (digit & 0x7F) * multiplier;
      multiplier *= 128;
    } while ((digit & 0x80) != 0);
    return value;
  }

  private static void string(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >>> 8);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  /** Eight bytes, big-endian: the correlation data the NIO terminals send (a send time). */
  static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }
}
