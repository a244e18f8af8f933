package org.tailor.server.permission;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.tailor.server.validation.Check;

/**
 * {@code POST /api/v1/shoppers/{id}/email-opt-in} with {@code {"address": ...}}: starts a double
 * opt-in (a kiosk or the shop's web form asks it when a shopper gives an email address); the
 * confirmation message goes out at once. 202 with the address and when the link expires.
 */
@Path("/api/v1/shoppers/{id}/email-opt-in")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OptInResource {

  private final EmailOptIn optIn;
  private final OptInMessages messages;

  public OptInResource(EmailOptIn optIn, OptInMessages messages) {
    this.optIn = optIn;
    this.messages = messages;
  }

  @POST
  @RolesAllowed({"admin", "integrator"})
  public Response start(@PathParam("id") String id, OptInRequest request) {
    Check.present("body", request);
    EmailOptIn.Issued issued = optIn.request(id, request.address());
    messages.send(issued);
    return Response.accepted(
            Map.of("address", issued.address(), "expiresAt", issued.expiresAt().toString()))
        .build();
  }
}
