package io.netzer.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * With {@code --auth-token-file}, every request on the dashboard's port (the page, its assets, the API and the
 * WebSocket) needs the token: as {@code Authorization: Bearer TOKEN} (scripts), or as the {@code netzer_token}
 * cookie a browser gets by opening {@code /?token=TOKEN} once (the page then redirects to {@code /}, always, so
 * the token leaves the address bar and no redirect leaves the origin; the cookie is HttpOnly and SameSite=Strict,
 * and the WebSocket sends it too). Anything else gets 401. Health and metrics are on the management port, which has
 * no token (no packet data there).
 */
@ApplicationScoped
public class TokenGuard {
    /** The cookie a browser keeps the token in. */
    public static final String COOKIE = "netzer_token";
    private static final String BEARER = "Bearer ";

    void authorize(RoutingContext ctx) {
        if (!AccessToken.required()) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && AccessToken.accepts(header.substring(BEARER.length()).strip())) {
            ctx.next();
            return;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie != null && AccessToken.accepts(cookie.getValue())) {
            ctx.next();
            return;
        }
        String query = ctx.request().getParam("token");
        if (query != null && AccessToken.accepts(query)) {
            ctx.response().addCookie(Cookie.cookie(COOKIE, query).setPath("/").setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT));
            if (ctx.request().method() == HttpMethod.GET && !ctx.request().path().startsWith("/api/")) {
                // always the dashboard's own page: the request's path could name another host ("//evil.example/")
                ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/").end();
            } else {
                ctx.next();
            }
            return;
        }
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"netzer\"")
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end("401 Unauthorized: this NetZer requires its access token. Browser: open /?token=TOKEN once. "
                        + "API: send 'Authorization: Bearer TOKEN'.\n");
    }
}
