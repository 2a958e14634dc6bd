package org.defaulterivr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.defaulterivr.access.Role;
import org.defaulterivr.database.Database;
import org.defaulterivr.people.Enrolment;
import org.defaulterivr.people.TotpCodes;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.SelfSignedCertificate;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under TLS the session cookie is Secure, and the console's pages still reach the node's own API (over TLS too): a
 * person signs in with password and code and an admin page lists what {@code /v1} returns.
 */
class ConsoleOverTlsTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void theSessionCookieIsSecureAndPagesWorkThroughTheApiOverTls() throws Exception {
        SelfSignedCertificate tls = SelfSignedCertificate.in(dir);

        Database database = TestDatabase.create("console_tls");
        Path data = dir.resolve("data");
        try (TestNode node = TestNode.start(database, data, tls.nodeSettings())) {
            Enrolment admin = Await.result(node.service.people().enrol("admin.tls", "TLS Admin", Role.ADMIN, null,
                    "test"));

            HttpClient client = HttpClient.newBuilder().sslContext(tls.trustingIt()).cookieHandler(new CookieManager())
                    .build();
            String base = "https://127.0.0.1:" + node.httpPort();
            HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = signIn.headers().firstValue("Set-Cookie").orElse("");
            String flags = cookie.toLowerCase(java.util.Locale.ROOT);
            assertTrue(cookie.startsWith("divr_console=") && flags.contains("; secure") && flags.contains("; httponly")
                    && flags.contains("samesite=strict"), cookie);

            HttpResponse<String> password = post(client, base + "/sign-in", Map.of("csrf", csrf(signIn.body()),
                    "username", "admin.tls", "password", admin.password()));
            assertEquals("/sign-in/code", password.headers().firstValue("Location").orElse(""), password.body());
            HttpResponse<String> codePage = client.send(HttpRequest.newBuilder(URI.create(base + "/sign-in/code"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String code = TotpCodes.code(TotpCodes.fromBase32(admin.totpSecretBase32()), Instant.now());
            HttpResponse<String> signedIn = post(client, base + "/sign-in/code", Map.of("csrf", csrf(codePage.body()),
                    "code", code));
            assertEquals("/", signedIn.headers().firstValue("Location").orElse(""), signedIn.body());

            HttpResponse<String> courts = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/courts"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, courts.statusCode(), courts.body());
            assertTrue(courts.body().contains("id=\"courts\""), "the page got the court list from /v1 over TLS");
        } finally {
            database.close();
        }
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    private static HttpResponse<String> post(HttpClient client, String url, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
