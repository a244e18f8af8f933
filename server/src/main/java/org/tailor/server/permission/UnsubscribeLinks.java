package org.tailor.server.permission;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tailor.plugin.host.MessageLinks;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

/**
 * Signed, expiring one-click unsubscribe links (RFC 8058). A token carries the loyalty id, channel,
 * purpose and expiry, signed with HMAC-SHA256 under the chain's key; nothing is stored, and an
 * altered or expired token is refused.
 *
 * <p>Settings: {@code tailor.unsubscribe.secret} (at least 32 characters; when unset, a random key
 * is made once and kept in {@code <tailor.data.dir>/keys/unsubscribe.key}), {@code
 * tailor.unsubscribe.days} (how long a link works, default 60) and {@code tailor.public.url} (where
 * shoppers reach the server, default {@code http://127.0.0.1:8080/}).
 */
public final class UnsubscribeLinks implements MessageLinks {

  private static final String VERSION = "u1";
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();

  private final byte[] key;
  private final Duration validity;
  private final String linkBase;
  private final Clock clock;

  /**
   * A MAC per thread, made and keyed once: {@link Mac#getInstance} looks up its provider each time,
   * which cost more than the signature itself (a message is signed for its body and again for its
   * headers). A {@link Mac} is not thread-safe, hence one per thread.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public UnsubscribeLinks(byte[] key, Duration validity, URI publicUri, Clock clock) {
    if (key.length < 32) {
      throw new IllegalArgumentException("an unsubscribe key needs 32 bytes or more");
    }
    this.key = key.clone();
    this.validity = Objects.requireNonNull(validity, "validity");
    this.linkBase =
        Objects.requireNonNull(publicUri, "publicUri").resolve("links/unsubscribe").toString()
            + "?token=";
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static UnsubscribeLinks from(TailorSettings settings, Clock clock) {
    byte[] key =
        settings
            .get("tailor.unsubscribe.secret")
            .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
            .orElseGet(() -> storedKey(settings.dataDir().resolve("keys/unsubscribe.key")));
    if (key.length < 32) {
      throw new SettingsException(
          "setting tailor.unsubscribe.secret: expected at least 32 characters");
    }
    return new UnsubscribeLinks(
        key,
        Duration.ofDays(settings.getLong("tailor.unsubscribe.days", 60)),
        publicUri(settings),
        clock);
  }

  /** Where shoppers reach the server's public pages, ending in a slash. */
  public static URI publicUri(TailorSettings settings) {
    String url = settings.get("tailor.public.url", "http://127.0.0.1:8080/");
    return URI.create(url.endsWith("/") ? url : url + "/");
  }

  private static byte[] storedKey(Path file) {
    try {
      if (Files.exists(file)) {
        return UNBASE64.decode(Files.readString(file).strip());
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Files.createDirectories(file.getParent());
      try {
        Files.writeString(file, BASE64.encodeToString(fresh), StandardOpenOption.CREATE_NEW);
        return fresh;
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        return UNBASE64.decode(Files.readString(file).strip());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingsException("cannot read or create the unsubscribe key " + file, e);
    }
  }

  /** A token valid until now plus the configured validity. */
  public String token(String loyaltyId, String channel, String purpose) {
    return token(loyaltyId, channel, purpose, clock.instant().plus(validity));
  }

  /** A token valid until {@code expiresAt}. */
  public String token(String loyaltyId, String channel, String purpose, Instant expiresAt) {
    for (String part : new String[] {loyaltyId, channel, purpose}) {
      if (part.contains("\n")) {
        throw new IllegalArgumentException("a token part must not hold a line break: " + part);
      }
    }
    String payload =
        String.join(
            "\n", VERSION, loyaltyId, channel, purpose, Long.toString(expiresAt.getEpochSecond()));
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return BASE64.encodeToString(bytes) + "." + BASE64.encodeToString(sign(bytes));
  }

  /** The link a message carries, for the page and for the RFC 8058 one-click POST. */
  public URI link(String loyaltyId, String channel, String purpose) {
    // The token is URL-safe base64 and a dot: appended to the resolved page as it is, the link is
    // the same as resolving "links/unsubscribe?token=..." against the public URI, parsed once.
    return URI.create(linkBase + token(loyaltyId, channel, purpose));
  }

  /** The host service plugins put the link into their messages with. */
  @Override
  public URI unsubscribe(String loyaltyId, String channel, String purpose) {
    return link(loyaltyId, channel, purpose);
  }

  /** Checks the signature, then the expiry; throws {@link InvalidLinkException} saying which. */
  public UnsubscribeRequest verify(String token) {
    if (token == null || token.length() > 2000) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.MALFORMED);
    }
    int dot = token.indexOf('.');
    byte[] payload;
    byte[] signature;
    try {
      payload = UNBASE64.decode(token.substring(0, Math.max(dot, 0)));
      signature = UNBASE64.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.MALFORMED);
    }
    if (dot < 0) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.MALFORMED);
    }
    if (!MessageDigest.isEqual(sign(payload), signature)) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.TAMPERED);
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
    if (parts.length != 5 || !parts[0].equals(VERSION)) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.MALFORMED);
    }
    Instant expiresAt;
    try {
      expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[4]));
    } catch (NumberFormatException e) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.MALFORMED);
    }
    if (!clock.instant().isBefore(expiresAt)) {
      throw new InvalidLinkException(token, InvalidLinkException.Problem.EXPIRED);
    }
    return new UnsubscribeRequest(parts[1], parts[2], parts[3], expiresAt);
  }

  private byte[] sign(byte[] payload) {
    return macs.get().doFinal(payload);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
    }
  }
}
