package org.defaulterivr.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;

/**
 * The console does everything through the node's own {@code /v1}, with the signed-in person's bearer token: one
 * validation, one set of errors, one authorisation, one access log; nothing the console can do that the API could
 * not. Requests go to the address and port the browser reached (the node's own HTTP server), over TLS when the node
 * speaks it (its own certificate: this hop never leaves the host).
 */
final class ApiLoopback {
    private final WebClient client;
    private final HttpClient streaming;

    ApiLoopback(Vertx vertx, boolean tls) {
        WebClientOptions options = new WebClientOptions().setSsl(tls).setTrustAll(tls).setVerifyHost(false)
                .setKeepAlive(true);
        options.setUserAgent("defaulter-ivr-console");
        this.client = WebClient.create(vertx, options);
        this.streaming = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setTrustAll(tls)
                .setVerifyHost(false));
    }

    private HttpRequest<Buffer> request(RoutingContext ctx, String token, HttpMethod method, String uri,
            String ifMatch) {
        var local = ctx.request().localAddress();
        HttpRequest<Buffer> request = client.request(method, local.port(), local.hostAddress(), uri)
                .putHeader("Authorization", "Bearer " + token);
        if (ifMatch != null) {
            request.putHeader("If-Match", "\"" + ifMatch + "\"");
        }
        return request;
    }

    private static Future<ApiReply> reply(Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent) {
        return sent.map(r -> new ApiReply(r.statusCode(), r.headers(), r.body()));
    }

    Future<ApiReply> get(RoutingContext ctx, SignedIn who, String uri) {
        return reply(request(ctx, who.token(), HttpMethod.GET, uri, null).send());
    }

    Future<ApiReply> json(RoutingContext ctx, SignedIn who, HttpMethod method, String uri, JsonObject body,
            String ifMatch) {
        return reply(request(ctx, who.token(), method, uri, ifMatch).sendJsonObject(body));
    }

    Future<ApiReply> raw(RoutingContext ctx, SignedIn who, HttpMethod method, String uri, String contentType,
            Buffer body, String ifMatch) {
        return reply(request(ctx, who.token(), method, uri, ifMatch).putHeader("Content-Type", contentType)
                .sendBuffer(body));
    }

    Future<ApiReply> multipart(RoutingContext ctx, SignedIn who, HttpMethod method, String uri, MultipartForm form,
            String ifMatch) {
        return reply(request(ctx, who.token(), method, uri, ifMatch).sendMultipartForm(form));
    }

    Future<ApiReply> delete(RoutingContext ctx, SignedIn who, String uri) {
        return reply(request(ctx, who.token(), HttpMethod.DELETE, uri, null).send());
    }

    /** A GET whose answer is streamed on to the browser as it arrives (bundles, audio): never held in memory. */
    Future<HttpClientResponse> stream(RoutingContext ctx, SignedIn who, String uri) {
        var local = ctx.request().localAddress();
        return streaming.request(new RequestOptions().setMethod(HttpMethod.GET).setPort(local.port())
                        .setHost(local.hostAddress()).setURI(uri)
                        .putHeader("Authorization", "Bearer " + who.token()))
                .compose(request -> request.send());
    }

    Future<Void> close() {
        client.close();
        return streaming.close();
    }
}
