package org.defaulterivr.database;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.defaulterivr.config.Config;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the service's PostgreSQL is: a real server named by {@code DATABASE_URL}, or an embedded one whose cluster
 * lives under the data directory (so a restart keeps its data). Migrates the schema with Flyway when opened.
 *
 * <p>{@link #open} blocks (it may start a PostgreSQL process and run migrations): call it before Vert.x serves
 * anything, or on a worker thread.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final PgConnectOptions connectOptions;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private Database(PgConnectOptions connectOptions, EmbeddedPostgres embedded) {
        this.connectOptions = connectOptions;
        this.embedded = embedded;
        this.jdbcUrl = "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
                + connectOptions.getDatabase();
        this.user = connectOptions.getUser();
        this.password = connectOptions.getPassword();
    }

    /** Opens the configured database (starting the embedded one if no URL is set) and migrates it. */
    public static Database open(Config config) {
        Database database = config.embeddedDatabase()
                ? startEmbedded(config.dataDir().resolve("postgres"), config.embeddedDatabasePort())
                : new Database(fromUrl(config.databaseUrl()), null);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * The configured database as a client of an already running node: for the embedded database, the cluster that
     * node started; nothing is started or migrated.
     */
    public static Database connect(Config config) {
        if (!config.embeddedDatabase()) {
            return new Database(fromUrl(config.databaseUrl()), null);
        }
        return new Database(new PgConnectOptions()
                .setHost("127.0.0.1")
                .setPort(config.embeddedDatabasePort())
                .setDatabase("postgres")
                .setUser("postgres")
                .setPassword("postgres"), null);
    }

    /** A database at the given connect options, migrated; for tests that create one database per class. */
    public static Database at(PgConnectOptions options) {
        Database database = new Database(options, null);
        database.migrate();
        return database;
    }

    /** Parses a {@code postgresql://user:password@host:port/database} URL (libpq's form, as most platforms give). */
    public static PgConnectOptions fromUrl(String url) {
        String normalised = url.startsWith("postgres://") ? "postgresql://" + url.substring("postgres://".length()) : url;
        if (normalised.startsWith("jdbc:")) {
            normalised = normalised.substring("jdbc:".length());
        }
        try {
            URI.create(normalised);
            return PgConnectOptions.fromUri(normalised);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must look like postgresql://user:password@host:5432/database", e);
        }
    }

    private static Database startEmbedded(Path clusterDir, int port) {
        try {
            Files.createDirectories(clusterDir);
            boolean existing = Files.exists(clusterDir.resolve("PG_VERSION"));
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            log.info("embedded PostgreSQL {} on 127.0.0.1:{} ({})", existing ? "reopened" : "created", pg.getPort(),
                    clusterDir.toAbsolutePath());
            PgConnectOptions options = new PgConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(pg.getPort())
                    .setDatabase("postgres")
                    .setUser("postgres")
                    .setPassword("postgres");
            return new Database(options, pg);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL in " + clusterDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Brings the schema up to date. A database that cannot be reached is not fatal: the node starts from its local
     * registry snapshot and spool, and the schema is migrated at the next start that finds the database.
     */
    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(jdbcUrl, user, password)
                    .locations("classpath:db/migration")
                    .connectRetries(0)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            log.error("database {} not reachable: starting without migrating ({})", connectOptions.getHost() + ":"
                    + connectOptions.getPort(), rootMessage(e));
        }
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** A new pool on the given Vert.x; the caller closes it. */
    public Pool pool(Vertx vertx, int size) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(size).setName("defaulter-ivr"))
                .connectingTo(connectOptions)
                .using(vertx)
                .build();
    }

    public PgConnectOptions connectOptions() {
        return new PgConnectOptions(connectOptions);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Stops the embedded PostgreSQL, if this process started one. */
    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
