package org.defaulterivr.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** An auditor's HTTP client for a node's {@code /v1} API, with a bearer token. */
public final class AuditClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String token;

    public AuditClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** A client with a new auditor token, issued with the admin token of {@link TestRegistry#SETTINGS}. */
    public static AuditClient of(TestNode node) {
        return of(node.httpPort());
    }

    public static AuditClient of(int httpPort) {
        return new AuditClient(httpPort, TestRegistry.token(new ApiClient(httpPort), "auditor", null));
    }

    private HttpRequest request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET expecting 200 and a JSON object. */
    public JsonObject json(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    /** GET streaming the body into {@code file}; the response (its body is the file). */
    public HttpResponse<Path> download(String path, Path file) {
        try {
            HttpResponse<Path> response = HTTP.send(request(path), HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " -> " + response.statusCode());
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
