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

/** {@code /api/v1/campaigns}: for everyone to read, for admins and integrators to change. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CampaignResource {

  private final OfferService offers;

  public CampaignResource(OfferService offers) {
    this.offers = offers;
  }

  @GET
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public List<CampaignDetails> list() {
    return offers.campaigns();
  }

  @GET
  @Path("{code}")
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public CampaignDetails get(@PathParam("code") String code) {
    return offers.campaign(code);
  }

  /** 201 with the campaign and its {@code Location}. */
  @POST
  @RolesAllowed({"admin", "integrator"})
  public Response create(CampaignDetails campaign) {
    CampaignDetails created = offers.createCampaign(campaign);
    return Response.created(
            UriBuilder.fromResource(CampaignResource.class).path("{code}").build(created.code()))
        .entity(created)
        .build();
  }

  @PUT
  @Path("{code}")
  @RolesAllowed({"admin", "integrator"})
  public CampaignDetails update(@PathParam("code") String code, CampaignDetails campaign) {
    return offers.updateCampaign(code, campaign);
  }

  /** 204; 409 while offers or presentations refer to the campaign. */
  @DELETE
  @Path("{code}")
  @RolesAllowed({"admin", "integrator"})
  public Response delete(@PathParam("code") String code) {
    offers.deleteCampaign(code);
    return Response.noContent().build();
  }
}
