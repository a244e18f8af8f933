package org.tailor.server.reports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sums of one arm (treatment or holdout) over some rows of a roll-up.
 *
 * @param presentations presentations (for an offer: presentations that showed it)
 * @param measured presentations whose outcome is known (identified shopper, window closed)
 * @param responders measured presentations after which the shopper responded (bought or visited)
 * @param revenueSum what measured shoppers spent in their attribution windows
 * @param revenueSquares sum of squares of that spend per presentation
 * @param netSum spend minus the discounts redeemed on the presentation
 * @param netSquares sum of squares of that net per presentation
 * @param redemptions redemptions of the presentations
 * @param redeemedBasketSum basket amounts of those redemptions
 * @param discountSum discounts given on those redemptions
 */
public record ArmTotals(
    long presentations,
    long measured,
    long responders,
    double revenueSum,
    double revenueSquares,
    double netSum,
    double netSquares,
    long redemptions,
    double redeemedBasketSum,
    double discountSum) {

  /** Nothing. */
  public static final ArmTotals EMPTY = new ArmTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The SQL sums, in this record's order, over a roll-up's rows where {@code condition} holds. */
  static String sums(String countColumn, String condition) {
    List<String> columns = new ArrayList<>();
    columns.add(countColumn);
    columns.addAll(RollupDeltas.SUM_COLUMNS);
    StringBuilder sql = new StringBuilder();
    for (String column : columns) {
      if (!sql.isEmpty()) {
        sql.append(", ");
      }
      sql.append("coalesce(sum(case when ")
          .append(condition)
          .append(" then ")
          .append(column)
          .append(" end), 0)");
    }
    return sql.toString();
  }

  /** Reads the ten sums written by {@link #sums} starting at column {@code first}. */
  static ArmTotals read(ResultSet row, int first) throws SQLException {
    return new ArmTotals(
        row.getLong(first),
        row.getLong(first + 1),
        row.getLong(first + 2),
        row.getDouble(first + 3),
        row.getDouble(first + 4),
        row.getDouble(first + 5),
        row.getDouble(first + 6),
        row.getLong(first + 7),
        row.getDouble(first + 8),
        row.getDouble(first + 9));
  }

  /** The two arms added up, e.g. for running totals. */
  public ArmTotals plus(ArmTotals other) {
    return new ArmTotals(
        presentations + other.presentations,
        measured + other.measured,
        responders + other.responders,
        revenueSum + other.revenueSum,
        revenueSquares + other.revenueSquares,
        netSum + other.netSum,
        netSquares + other.netSquares,
        redemptions + other.redemptions,
        redeemedBasketSum + other.redeemedBasketSum,
        discountSum + other.discountSum);
  }

  /** Redemptions per presentation; 0 without presentations. */
  public double redemptionRate() {
    return presentations == 0 ? 0 : (double) redemptions / presentations;
  }
}
