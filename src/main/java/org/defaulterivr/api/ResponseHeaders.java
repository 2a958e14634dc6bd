package org.defaulterivr.api;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer, set as the headers are written so that no route can forget them:
 * <ul>
 *   <li>{@code Cache-Control: no-store} unless the route chose otherwise (only the content-addressed notice files for
 *       Asterisk's media cache do): answers carry personal data, and no browser or proxy should keep them;
 *   <li>a strict Content-Security-Policy: everything from this origin, no inline script or style, no framing, no
 *       plugins (the web console is written for it); {@code X-Content-Type-Options: nosniff}; no referrer;
 *   <li>with TLS, {@code Strict-Transport-Security}: a browser that once reached the node over HTTPS never falls back.
 * </ul>
 */
final class ResponseHeaders implements Handler<RoutingContext> {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    private final boolean tls;

    ResponseHeaders(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = ctx.response().headers();
            if (!headers.contains("Cache-Control")) {
                headers.set("Cache-Control", "no-store");
            }
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            if (tls) {
                headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
            }
        });
        ctx.next();
    }
}
