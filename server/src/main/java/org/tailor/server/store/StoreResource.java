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
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/**
 * {@code /api/v1/stores} and {@code /api/v1/stores/{code}/terminals}: the chain's stores and the
 * terminals in them, for everyone to read and for admins to change.
 */
@Path("/api/v1/stores")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StoreResource {

  private final StoreService stores;

  public StoreResource(StoreService stores) {
    this.stores = stores;
  }

  @GET
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public List<StoreDetails> list() {
    return stores.stores();
  }

  @GET
  @Path("{code}")
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public StoreDetails get(@PathParam("code") String code) {
    return stores.store(code);
  }

  /** 201 with the store and its {@code Location}; 409 if the code is taken. */
  @POST
  @RolesAllowed("admin")
  public Response create(StoreDetails store) {
    StoreDetails created = stores.createStore(store);
    return Response.created(
            UriBuilder.fromResource(StoreResource.class).path("{code}").build(created.code()))
        .entity(created)
        .build();
  }

  @PUT
  @Path("{code}")
  @RolesAllowed("admin")
  public StoreDetails update(@PathParam("code") String code, StoreDetails store) {
    return stores.updateStore(code, store);
  }

  /** 204; 409 while terminals, purchases or other records refer to the store. */
  @DELETE
  @Path("{code}")
  @RolesAllowed("admin")
  public Response delete(@PathParam("code") String code) {
    stores.deleteStore(code);
    return Response.noContent().build();
  }

  @GET
  @Path("{code}/terminals")
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public List<TerminalView> terminals(@PathParam("code") String code) {
    return stores.terminals(code);
  }

  /** 201 with the terminal and its {@code Location} under {@code /api/v1/terminals}. */
  @POST
  @Path("{code}/terminals")
  @RolesAllowed("admin")
  public Response createTerminal(@PathParam("code") String code, TerminalDetails terminal) {
    TerminalView created = stores.createTerminal(code, terminal);
    return Response.created(
            UriBuilder.fromResource(TerminalResource.class).path("{code}").build(created.code()))
        .entity(created)
        .build();
  }
}
