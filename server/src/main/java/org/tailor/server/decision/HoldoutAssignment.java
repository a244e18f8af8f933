package org.tailor.server.decision;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

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
    return new OneShopper(loyaltyId).isHeldOut(campaignCode, share);
  }

  /**
   * One shopper's holdouts, for a decision that asks of many offers: each campaign's draw is made
   * once, however many of its offers ask.
   */
  static final class OneShopper {
    private final String loyaltyId;
    private Map<String, Double> draws; // by campaign code, made at the first campaign holding out

    OneShopper(String loyaltyId) {
      this.loyaltyId = loyaltyId;
    }

    /** Whether this shopper is in the campaign's holdout, which holds out {@code share}. */
    boolean isHeldOut(String campaignCode, BigDecimal share) {
      if (share.signum() <= 0) {
        return false;
      }
      if (draws == null) {
        draws = new HashMap<>();
      }
      return draws.computeIfAbsent(campaignCode, code -> draw(code, loyaltyId))
          < share.doubleValue();
    }
  }

  /** A number in [0, 1), uniform over shoppers, fixed for the campaign and shopper. */
  private static double draw(String campaignCode, String loyaltyId) {
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
