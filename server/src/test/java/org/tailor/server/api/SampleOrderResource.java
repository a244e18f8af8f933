package org.tailor.server.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.tailor.server.access.Caller;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/** A resource written the way Tailor's resources are, to exercise the HTTP edge in tests. */
@Path("/api/v1/test/orders")
public class SampleOrderResource {

  /** A nested value with a validating compact constructor. */
  public record Address(String street, String postcode) {
    public Address {
      if (street == null) {
        throw new InvalidInputException("street", null, Message.of("errors", "expected.present"));
      }
    }
  }

  /** A request body: text, a whole number, a date, a nested record and an optional note. */
  public record Order(
      String customer, int quantity, LocalDate deliverOn, Address address, Optional<String> note) {
    public Order {
      if (customer == null) {
        throw new InvalidInputException("customer", null, Message.of("errors", "expected.present"));
      }
      if (quantity < 1) {
        throw new InvalidInputException(
            "quantity", quantity, Message.of("errors", "expected.integer.range", 1, 1000));
      }
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({"admin", "integrator"})
  public Order create(Order order) {
    return order;
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({"admin", "integrator", "store_manager"})
  public Map<String, String> find(@PathParam("id") String id, @Context SecurityContext security) {
    if (!id.equals("1")) {
      throw new NotFoundException("kind.offer", id);
    }
    Caller caller = (Caller) security.getUserPrincipal();
    return Map.of("id", id, "caller", caller.keyName(), "role", caller.role().id());
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed("admin")
  public void delete(@PathParam("id") String id) {
    throw new NotFoundException("kind.offer", id);
  }

  @GET
  @Path("search")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({"admin", "integrator"})
  public Map<String, Integer> search(@QueryParam("limit") int limit) {
    return Map.of("limit", limit);
  }

  @GET
  @Path("boom")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed("admin")
  public Order boom() {
    throw new IllegalStateException("database password is hunter2");
  }

  /** Declares no roles: any valid key may call it. */
  @GET
  @Path("anyone-with-a-key")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, String> anyoneWithAKey() {
    return Map.of("ok", "yes");
  }

  /** Stands in for the CSV import: counts the bytes of a body under /api/v1/imports/. */
  @Path("/api/v1/imports/test")
  public static class SampleImportResource {
    @POST
    @Consumes("text/csv")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"admin", "integrator"})
    public Map<String, Long> upload(InputStream body) throws IOException {
      return Map.of("bytes", body.transferTo(OutputStream.nullOutputStream()));
    }
  }
}
