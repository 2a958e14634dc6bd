package org.defaulterivr.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A blocking client for the registry API, as a court's or an auditor's program would call it. */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public ApiClient(int port) {
        this.port = port;
    }

    /** What came back. */
    public record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
        public JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null, Map.of());
    }

    public Response post(String path, String token, JsonObject body) {
        return send("POST", path, token, "application/json", body.encode().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public Response post(String path, String token, JsonObject body, String ifMatch) {
        return send("POST", path, token, "application/json", body.encode().getBytes(StandardCharsets.UTF_8),
                ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    public Response patch(String path, String token, JsonObject body, String ifMatch) {
        return send("PATCH", path, token, "application/json", body.encode().getBytes(StandardCharsets.UTF_8),
                ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    public Response send(String method, String path, String token, String contentType, byte[] body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
