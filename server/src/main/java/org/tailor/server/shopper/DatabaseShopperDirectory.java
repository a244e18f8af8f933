package org.tailor.server.shopper;

import java.util.Optional;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.server.persistence.Database;

/** The host's {@link ShopperDirectory}: finds shoppers in the database by any identifier. */
public final class DatabaseShopperDirectory implements ShopperDirectory {

  private final Database database;

  public DatabaseShopperDirectory(Database database) {
    this.database = database;
  }

  @Override
  public Optional<ShopperProfile> find(String identifier) {
    return database.read(
        session -> ShopperService.find(session, identifier).map(ShopperService::profileOf));
  }
}
