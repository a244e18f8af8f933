package org.tailor.server.coupon;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/v1/tills/{terminal}/coupons}: the till asks at checkout, with the shopper and
 * the basket, and gets the coupon to print with the receipt (200), or 204 when there is none. With
 * {@code Accept: application/json} (the default) the coupon is JSON with its plain text and ESC/POS
 * commands; with {@code Accept: application/pdf} it is a PDF page 80 mm wide.
 */
@Path("/api/v1/tills/{terminal}/coupons")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TillCouponResource {

  static final String PDF = "application/pdf";

  private final TillCoupons coupons;

  public TillCouponResource(TillCoupons coupons) {
    this.coupons = coupons;
  }

  @POST
  @RolesAllowed({"admin", "integrator"})
  public Response coupon(@PathParam("terminal") String terminal, CouponRequest request) {
    return coupons
        .atCheckout(terminal, request)
        .map(coupon -> Response.ok(coupon).build())
        .orElseGet(() -> Response.noContent().build());
  }

  @POST
  @Produces(PDF + ";qs=0.5") // JSON for a till that accepts anything
  @RolesAllowed({"admin", "integrator"})
  public Response couponPdf(@PathParam("terminal") String terminal, CouponRequest request) {
    return coupons
        .pdfAtCheckout(terminal, request)
        .map(pdf -> Response.ok(pdf, PDF).build())
        .orElseGet(() -> Response.noContent().build());
  }
}
