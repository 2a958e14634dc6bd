package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client address holding its share of HTTP connections does not lock other clients out: with a global cap of
 * 40 and 20 per address, a client on 127.0.0.2 that opens 60 idle connections keeps 20, and a client on 127.0.0.1
 * is still served (without the per-address cap the first one would hold all 40 and the second be refused).
 */
class ConnectionsPerAddressTest {
    private static final int CAP = 40;
    private static final int PER_ADDRESS = 20;
    private static final int GREEDY = 60;

    @TempDir
    Path dataDir;

    @Test
    void oneAddressHoldingItsCapDoesNotStopAnotherFromBeingServed() throws Exception {
        Database database = TestDatabase.create("connections_per_address");
        List<Socket> greedy = new ArrayList<>();
        try (TestNode node = TestNode.start(database, dataDir, Map.of("http.max.connections", Integer.toString(CAP),
                "http.max.connections.per.address", Integer.toString(PER_ADDRESS),
                "http.idle.timeout.seconds", "60"))) {
            try {
                for (int i = 0; i < GREEDY; i++) {
                    greedy.add(connect("127.0.0.2", node.httpPort()));
                }
                Await.until(Duration.ofSeconds(10), () -> refusedPerAddress(node) >= GREEDY - PER_ADDRESS);
                assertEquals(PER_ADDRESS, open(node), "connections the greedy address holds");
                for (int request = 0; request < 5; request++) {
                    try (Socket socket = connect("127.0.0.1", node.httpPort())) {
                        assertEquals("HTTP/1.1 200 OK", get(socket, "/health/live"), "request " + request
                                + " from 127.0.0.1 while 127.0.0.2 holds " + PER_ADDRESS + " connections");
                    }
                }
                // the greedy address's own further connections are still refused
                try (Socket socket = connect("127.0.0.2", node.httpPort())) {
                    assertEquals("", get(socket, "/health/live"));
                }
                assertTrue(refusedPerAddress(node) >= GREEDY - PER_ADDRESS + 1);
                assertEquals(0.0, node.service.meters().get("divr_http_connections_refused_total").counter().count());
            } finally {
                for (Socket socket : greedy) {
                    closeQuietly(socket);
                }
            }
            Await.until(Duration.ofSeconds(10), () -> open(node) == 0);
        } finally {
            database.close();
        }
    }

    private static Socket connect(String localAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** The status line of a GET on this connection, or "" if the server closed it without an answer. */
    private static String get(Socket socket, String path) throws IOException {
        try {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closedAlready) {
            return "";
        }
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        try {
            for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
                line.append((char) b);
            }
        } catch (IOException reset) {
            return "";
        }
        return line.toString();
    }

    private static double open(TestNode node) {
        return node.service.meters().get("divr_http_connections_open").gauge().value();
    }

    private static double refusedPerAddress(TestNode node) {
        return node.service.meters().get("divr_http_connections_refused_per_address_total").counter().count();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
