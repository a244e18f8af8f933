package org.tailor.server.offer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/** {@code /api/v1/offers}: offers for everyone to read, for admins and integrators to change. */
@Path("/api/v1/offers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OfferResource {

  private final OfferService offers;

  public OfferResource(OfferService offers) {
    this.offers = offers;
  }

  @GET
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public List<OfferDetails> list() {
    return offers.offers();
  }

  @GET
  @Path("{code}")
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public OfferDetails get(@PathParam("code") String code) {
    return offers.offer(code);
  }

  /** 201 with the offer and its {@code Location}. */
  @POST
  @RolesAllowed({"admin", "integrator"})
  public Response create(OfferDetails offer) {
    OfferDetails created = offers.createOffer(offer);
    return Response.created(
            UriBuilder.fromResource(OfferResource.class).path("{code}").build(created.code()))
        .entity(created)
        .build();
  }

  @PUT
  @Path("{code}")
  @RolesAllowed({"admin", "integrator"})
  public OfferDetails update(@PathParam("code") String code, OfferDetails offer) {
    return offers.updateOffer(code, offer);
  }

  /** 204; 409 once the offer has been shown or redeemed. */
  @DELETE
  @Path("{code}")
  @RolesAllowed({"admin", "integrator"})
  public Response delete(@PathParam("code") String code) {
    offers.deleteOffer(code);
    return Response.noContent().build();
  }
}
