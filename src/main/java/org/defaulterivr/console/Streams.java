package org.defaulterivr.console;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.ext.web.RoutingContext;

/** Passing an API response through to the browser as it arrives: audio, public key, evidence bundles. */
final class Streams {
    private Streams() {
    }

    /** @param download the file name to save as, or null to show in the page */
    static void relay(RoutingContext ctx, Pages pages, Future<HttpClientResponse> response, String download) {
        response.onSuccess(api -> {
            if (api.statusCode() != 200) {
                api.body().onComplete(body -> pages.apiError(ctx, new ApiReply(api.statusCode(), api.headers(),
                        body.succeeded() ? body.result() : null)));
                return;
            }
            var out = ctx.response().setStatusCode(200);
            String type = api.getHeader("Content-Type");
            if (type != null) {
                out.putHeader("Content-Type", type);
            }
            String length = api.getHeader("Content-Length");
            if (length != null) {
                out.putHeader("Content-Length", length);
            } else {
                out.setChunked(true);
            }
            if (download != null) {
                out.putHeader("Content-Disposition", "attachment; filename=\"" + download + "\"");
            }
            api.pipeTo(out).onFailure(e -> ctx.response().reset());
        }).onFailure(ctx::fail);
    }
}
