package org.tailor.server.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A broker password hash in Mosquitto's own format ({@code $7$<iterations>$<salt>$<hash>}:
 * PBKDF2-HMAC-SHA512, a 12-byte salt, a 64-byte hash, both Base64), so that the same stored hash
 * serves the embedded broker, which checks it here, and a Mosquitto password file, which the server
 * writes from the terminals table unchanged.
 */
public final class BrokerPasswordHash {

  /** Iterations for new hashes. The secrets are 32 random bytes, so this is not their defence. */
  static final int ITERATIONS = 1000;

  private static final Pattern FORMAT =
      Pattern.compile("\\$7\\$(\\d{1,7})\\$([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+)");
  private static final int SALT_BYTES = 12;
  private static final int HASH_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private BrokerPasswordHash() {}

  /** A new random secret for a terminal: 32 random bytes, Base64url without padding. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hash of a password, with a fresh salt. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return format(ITERATIONS, salt, derive(password, salt, ITERATIONS));
  }

  /** True when the password matches the hash; false for a hash not in the format. */
  public static boolean matches(String password, String hash) {
    Objects.requireNonNull(password, "password");
    Matcher m = FORMAT.matcher(Objects.requireNonNull(hash, "hash"));
    if (!m.matches()) {
      return false;
    }
    int iterations = Integer.parseInt(m.group(1));
    byte[] salt;
    byte[] expected;
    try {
      salt = Base64.getDecoder().decode(m.group(2));
      expected = Base64.getDecoder().decode(m.group(3));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (iterations < 1 || expected.length != HASH_BYTES) {
      return false;
    }
    return MessageDigest.isEqual(expected, derive(password, salt, iterations));
  }

  private static String format(int iterations, byte[] salt, byte[] hash) {
    Base64.Encoder base64 = Base64.getEncoder();
    return "$7$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    // Mosquitto feeds the password's bytes to PBKDF2; PBEKeySpec takes chars and encodes them as
    // UTF-8, the same bytes for the ASCII secrets we issue.
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(password)) {
      return new byte[HASH_BYTES]; // never equal to a real hash of an issued secret
    }
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available in this JVM", e);
    }
  }
}
