package org.tailor.server.store;

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

/**
 * {@code /api/v1/terminals/{code}}: one terminal, for everyone to read and for admins to change.
 * Terminals are created under their store ({@code POST /api/v1/stores/{code}/terminals}).
 */
@Path("/api/v1/terminals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TerminalResource {

  private final StoreService stores;
  private final TerminalCredentials credentials;

  public TerminalResource(StoreService stores, TerminalCredentials credentials) {
    this.stores = stores;
    this.credentials = credentials;
  }

  /**
   * Issues a new MQTT secret for the terminal, replacing its previous one: the agent logs in with
   * the terminal's code as user name and this secret. 201 with the secret, shown this once; only
   * its hash is stored.
   */
  @POST
  @Path("{code}/credentials")
  @RolesAllowed("admin")
  public Response issueCredentials(@PathParam("code") String code) {
    return Response.status(Response.Status.CREATED).entity(credentials.issue(code)).build();
  }

  @GET
  @Path("{code}")
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public TerminalView get(@PathParam("code") String code) {
    return stores.terminal(code);
  }

  @PUT
  @Path("{code}")
  @RolesAllowed("admin")
  public TerminalView update(@PathParam("code") String code, TerminalDetails terminal) {
    return stores.updateTerminal(code, terminal);
  }

  /** 204; 409 while presentations or redemptions refer to the terminal. */
  @DELETE
  @Path("{code}")
  @RolesAllowed("admin")
  public Response delete(@PathParam("code") String code) {
    stores.deleteTerminal(code);
    return Response.noContent().build();
  }
}
