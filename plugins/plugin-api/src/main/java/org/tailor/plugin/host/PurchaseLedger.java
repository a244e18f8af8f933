package org.tailor.plugin.host;

import java.time.Instant;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every purchase line of every known shopper, streamed, for models trained over the whole chain
 * (item-to-item similarity, store bestsellers). {@link PurchaseHistory} answers for one shopper;
 * this reads them all without holding them in memory.
 */
@ProviderType
public interface PurchaseLedger {

  /**
   * Hands {@code consumer} every purchase line of an identified shopper bought at or after {@code
   * since}, one at a time, in no particular order, returns included as negative quantities. Runs in
   * the caller's thread and returns when the last line was handed over; an exception thrown by the
   * consumer stops the read and is rethrown.
   *
   * @return the number of lines handed over
   */
  long forEachLine(Instant since, Consumer<LedgerLine> consumer);
}
