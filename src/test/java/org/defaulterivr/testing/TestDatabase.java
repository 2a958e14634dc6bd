package org.defaulterivr.testing;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.database.Database;
import org.defaulterivr.database.EmbeddedCluster;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, one fresh, migrated database per test class.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // durable settings, as a node runs its own: a test of what survives a crash must not run without fsync
                server = EmbeddedCluster.durable(EmbeddedPostgres.builder()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** A new empty database with the service's schema. */
    public static Database create(String purpose) {
        String name = purpose.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return Database.at(options(name));
    }

    public static PgConnectOptions options(String database) {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(server().getPort()).setDatabase(database)
                .setUser("postgres").setPassword("postgres");
    }
}
