package org.tailor.server.permission;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.api.RequestLanguage;
import org.tailor.server.i18n.Message;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.ShopperService;

/**
 * The pages behind the links in messages; no API key needed, the signed token is the authority.
 *
 * <ul>
 *   <li>{@code GET /links/unsubscribe?token=} asks to confirm, with a button;
 *   <li>{@code POST /links/unsubscribe?token=} withdraws the consent the token names: the button,
 *       and the one-click unsubscribe of RFC 8058 that mail programs send ({@code
 *       List-Unsubscribe-Post: List-Unsubscribe=One-Click});
 *   <li>{@code GET /links/opt-in?token=} confirms an email double opt-in.
 * </ul>
 *
 * Pages are in the shopper's language; a bad link gets a page in the browser's language and 400.
 */
@Path("/links")
@PermitAll
public final class PermissionPages {

  private static final String HTML = MediaType.TEXT_HTML + ";charset=utf-8";

  private final UnsubscribeLinks links;
  private final EmailOptIn optIn;
  private final ShopperService shoppers;
  private final Clock clock;

  public PermissionPages(
      UnsubscribeLinks links, EmailOptIn optIn, ShopperService shoppers, Clock clock) {
    this.links = links;
    this.optIn = optIn;
    this.shoppers = shoppers;
    this.clock = clock;
  }

  @GET
  @Path("unsubscribe")
  @Produces(HTML)
  public Response askToUnsubscribe(
      @QueryParam("token") String token,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    UnsubscribeRequest request;
    try {
      request = links.verify(token);
    } catch (InvalidLinkException e) {
      return invalid(e, acceptLanguage);
    }
    Locale locale = languageOf(request.loyaltyId(), acceptLanguage);
    return page(
        200,
        ConfirmationPage.render(
            locale,
            Message.of("permission", "unsubscribe.title"),
            Message.of("permission", "unsubscribe.question", request.channel()),
            Optional.of("unsubscribe?token=" + token),
            Message.of("permission", "unsubscribe.button")));
  }

  @POST
  @Path("unsubscribe")
  @Produces(HTML)
  public Response unsubscribe(
      @QueryParam("token") String token,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    UnsubscribeRequest request;
    try {
      request = links.verify(token);
    } catch (InvalidLinkException e) {
      return invalid(e, acceptLanguage);
    }
    shoppers.recordConsent(
        request.loyaltyId(),
        new ConsentChange(
            request.channel(), request.purpose(), "revoked", "unsubscribe-link", clock.instant()));
    Locale locale = languageOf(request.loyaltyId(), acceptLanguage);
    return page(
        200,
        ConfirmationPage.render(
            locale,
            Message.of("permission", "unsubscribed.title"),
            Message.of("permission", "unsubscribed.text", request.channel()),
            Optional.empty(),
            Message.of("permission", "unsubscribe.button")));
  }

  @GET
  @Path("opt-in")
  @Produces(HTML)
  public Response confirmOptIn(
      @QueryParam("token") String token,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    EmailOptIn.Confirmed confirmed;
    try {
      confirmed = optIn.confirm(token);
    } catch (InvalidLinkException e) {
      return invalid(e, acceptLanguage);
    }
    Locale locale = Locale.forLanguageTag(confirmed.language());
    return page(
        200,
        ConfirmationPage.render(
            locale,
            Message.of("permission", "optin.title"),
            Message.of("permission", "optin.text", confirmed.address()),
            Optional.empty(),
            Message.of("permission", "unsubscribe.button")));
  }

  private Locale languageOf(String loyaltyId, String acceptLanguage) {
    return shoppers
        .profile(loyaltyId)
        .map(ShopperProfile::language)
        .map(Locale::forLanguageTag)
        .orElseGet(() -> RequestLanguage.choose(acceptLanguage));
  }

  private static Response invalid(InvalidLinkException e, String acceptLanguage) {
    Locale locale = RequestLanguage.choose(acceptLanguage);
    String key =
        e.problem() == InvalidLinkException.Problem.EXPIRED ? "link.expired" : "link.invalid";
    return page(
        400,
        ConfirmationPage.render(
            locale,
            Message.of("permission", "link.title"),
            Message.of("permission", key),
            Optional.empty(),
            Message.of("permission", "unsubscribe.button")));
  }

  private static Response page(int status, String html) {
    return Response.status(status).type(HTML).entity(html).build();
  }
}
