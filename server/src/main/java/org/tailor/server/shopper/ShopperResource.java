package org.tailor.server.shopper;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.tailor.server.validation.NotFoundException;

/** {@code GET /api/v1/shoppers/{id}}: a shopper's 360 by loyalty id or any other identifier. */
@Path("/api/v1/shoppers")
@Produces(MediaType.APPLICATION_JSON)
public class ShopperResource {

  private final ShopperService shoppers;

  public ShopperResource(ShopperService shoppers) {
    this.shoppers = shoppers;
  }

  @GET
  @Path("{id}")
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public Shopper360 shopper(@PathParam("id") String id) {
    return shoppers.shopper360(id).orElseThrow(() -> new NotFoundException("kind.shopper", id));
  }
}
