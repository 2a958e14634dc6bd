package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.SelfSignedCertificate;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With PEM files configured, the HTTP API speaks HTTPS and nothing else. */
class HttpsTest {
    @TempDir
    Path dir;

    @Test
    void theApiIsServedOverTlsFromPemFiles() throws Exception {
        SelfSignedCertificate tls = SelfSignedCertificate.in(dir);

        Database database = TestDatabase.create("https");
        try (TestNode node = TestNode.start(database, dir.resolve("data"), tls.nodeSettings())) {
            HttpClient client = HttpClient.newBuilder().sslContext(tls.trustingIt()).build();

            HttpResponse<String> live = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + node.httpPort() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode());
            assertEquals("max-age=31536000; includeSubDomains",
                    live.headers().firstValue("Strict-Transport-Security").orElse(null), "HSTS with TLS");

            assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.httpPort() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()), "plain HTTP is not served");
        } finally {
            database.close();
        }
    }
}
