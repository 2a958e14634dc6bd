package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failed-authentication limit slows a flood of bad tokens without locking anyone out: a valid token passes
 * from an address over its limit, a bad token is refused after its own limit from whatever address, and
 * X-Forwarded-For counts only from a trusted proxy.
 */
class FailedAuthLimitTest {
    private static final int LIMIT = 5;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path proxiedDataDir;
    static Database database;
    static TestNode direct;
    static TestNode proxied;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("failed_auth");
        direct = TestNode.start(database, dataDir, Map.of("api.admin.token", TestRegistry.ADMIN_TOKEN,
                "api.auth.failures.per.minute", Integer.toString(LIMIT)));
        proxied = TestNode.start(database, proxiedDataDir, Map.of("api.admin.token", TestRegistry.ADMIN_TOKEN,
                "api.auth.failures.per.minute", Integer.toString(LIMIT), "api.trusted.proxies", "127.0.0.0/8"));
    }

    @AfterAll
    static void stop() {
        proxied.close();
        direct.close();
        database.close();
    }

    private static int whoami(ApiClient api, String token, String forwardedFor) {
        return api.send("GET", "/v1/whoami", token, null, null,
                forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor)).status();
    }

    private static String badToken(int n) {
        return "divr_not-a-token-" + n + "-0123456789abcdefghijklmnopqrstuv";
    }

    @Test
    void aValidTokenPassesFromAnAddressOverItsLimitAndForgedForwardingIsIgnored() {
        ApiClient api = new ApiClient(direct.httpPort());
        for (int i = 0; i < LIMIT; i++) {
            // a different address named each time: not believed, all count against the connection's address
            assertEquals(401, whoami(api, badToken(i), "198.51.100." + i));
        }
        assertEquals(429, whoami(api, badToken(99), "198.51.100.99"), "the address is over its limit");
        assertEquals(200, whoami(api, TestRegistry.ADMIN_TOKEN, null), "a valid token is never locked out");
        assertEquals(429, whoami(api, badToken(100), null), "bad tokens from it still are");
    }

    @Test
    void aBadTokenIsRefusedAfterItsLimitFromRotatingAddresses() {
        ApiClient api = new ApiClient(proxied.httpPort());
        String same = badToken(7);
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(401, whoami(api, same, "203.0.113." + (10 + i)), "attempt " + i);
        }
        assertEquals(429, whoami(api, same, "203.0.113.200"), "the same credential, refused from a new address");
        assertEquals(401, whoami(api, badToken(8), "203.0.113.201"), "another address with another token is checked");
        assertEquals(200, whoami(api, TestRegistry.ADMIN_TOKEN, "203.0.113.10"));
    }

    @Test
    void behindATrustedProxyEachClientHasItsOwnLimit() {
        ApiClient api = new ApiClient(proxied.httpPort());
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(401, whoami(api, badToken(1000 + i), "192.0.2.1"));
        }
        assertEquals(429, whoami(api, badToken(2000), "192.0.2.1"), "this client is over its limit");
        assertEquals(401, whoami(api, badToken(2001), "192.0.2.2"), "another client behind the proxy is not");
        assertEquals(401, whoami(api, badToken(2002), "192.0.2.1, 192.0.2.3"),
                "the right-most untrusted address is the client: 192.0.2.3");
    }
}
