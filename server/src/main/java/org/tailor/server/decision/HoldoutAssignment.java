package org.tailor.server.decision;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which shoppers a campaign holds out. The draw is a hash of the campaign code and the loyalty id,
 * so a shopper is in or out of a campaign's holdout on every terminal, on every server and after
 * every restart, independently across campaigns, without storing anything.
 */
public final class HoldoutAssignment {

  private HoldoutAssignment() {}

  /**
   * Whether the shopper is in the campaign's holdout, which holds out {@code share} of shoppers.
   */
  public static boolean isHeldOut(String campaignCode, String loyaltyId, BigDecimal share) {
    if (share.signum() <= 0) {
      return false;
    }
    return draw(campaignCode, loyaltyId) < share.doubleValue();
  }

  /** A number in [0, 1), uniform over shoppers, fixed for the campaign and shopper. */
  static double draw(String campaignCode, String loyaltyId) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    sha256.update(campaignCode.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    byte[] digest = sha256.digest(loyaltyId.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
    return bits / (double) (1L << 53);
  }
}
