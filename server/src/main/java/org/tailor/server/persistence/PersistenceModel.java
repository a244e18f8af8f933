package org.tailor.server.persistence;

import java.util.List;
import org.tailor.server.access.ApiKey;
import org.tailor.server.decision.Presentation;
import org.tailor.server.offer.Campaign;
import org.tailor.server.offer.Offer;
import org.tailor.server.purchase.Product;
import org.tailor.server.purchase.Purchase;
import org.tailor.server.purchase.PurchaseLine;
import org.tailor.server.redemption.Redemption;
import org.tailor.server.shopper.Consent;
import org.tailor.server.shopper.ConsentEvent;
import org.tailor.server.shopper.HouseholdMember;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.shopper.ShopperIdentifier;
import org.tailor.server.store.Store;
import org.tailor.server.store.Terminal;

/** The entity classes Hibernate maps; each lives in the package of the concept it belongs to. */
final class PersistenceModel {

  static final List<Class<?>> ENTITIES =
      List.of(
          Store.class,
          Terminal.class,
          Shopper.class,
          ShopperIdentifier.class,
          HouseholdMember.class,
          Consent.class,
          ConsentEvent.class,
          Product.class,
          Purchase.class,
          PurchaseLine.class,
          Campaign.class,
          Offer.class,
          Presentation.class,
          Redemption.class,
          ApiKey.class);

  private PersistenceModel() {}
}
