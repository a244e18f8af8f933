package org.tailor.server.plugins;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/v1/plugins}: the status of every plugin bundle — version, state, components,
 * provided scoring plugins and channels, settings and the last error — for administrators and
 * integrators.
 */
@Path("/api/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "integrator"})
public final class PluginResource {

  private final PluginHost host;

  public PluginResource(PluginHost host) {
    this.host = Objects.requireNonNull(host, "host");
  }

  @GET
  public List<PluginStatus> list() {
    return host.status();
  }
}
