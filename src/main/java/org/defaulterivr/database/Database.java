package org.defaulterivr.database;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.defaulterivr.config.Config;
import org.defaulterivr.config.ConfigException;
import org.defaulterivr.config.Setting;
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
                ? startEmbedded(config.dataDir(), config.embeddedDatabasePort())
                : new Database(fromUrl(config.databaseUrl()), null);
        try {
            database.migrate();
            database.checkDurability(config.databaseAllowNondurable() && !config.embeddedDatabase());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * The configured database as a client of an already running node: for the embedded database, the cluster that
     * node started, with the password it keeps in the data directory; nothing is started or migrated.
     */
    public static Database connect(Config config) {
        if (!config.embeddedDatabase()) {
            return new Database(fromUrl(config.databaseUrl()), null);
        }
        return new Database(EmbeddedCluster.connectOptions(config.embeddedDatabasePort(),
                EmbeddedCluster.readPassword(config.dataDir())), null);
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

    private static Database startEmbedded(Path dataDir, int port) {
        EmbeddedCluster cluster = EmbeddedCluster.start(dataDir, port);
        return new Database(cluster.connectOptions(), cluster.server());
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

    /**
     * Reads the server settings that decide whether a commit survives a crash of PostgreSQL or of its machine. The
     * evidence spool releases a record once its insert has committed, so a commit that is not durable is a record
     * lost. Refuses to go on (or, when allowed by configuration, warns loudly) naming each setting at fault. A server
     * that cannot be reached now is checked at the next start that reaches it.
     */
    private void checkDurability(boolean allowNondurable) {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            for (String name : DurabilitySettings.NAMES) {
                try (ResultSet rs = s.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if (unreachable(e)) {
                log.warn("database not reachable: its durability settings ({}) are checked at the next start",
                        String.join(", ", DurabilitySettings.NAMES));
                return;
            }
            throw new IllegalStateException("cannot read the database's durability settings: " + e.getMessage(), e);
        }
        List<String> faults = DurabilitySettings.faults(settings);
        if (faults.isEmpty()) {
            log.info("database commits are durable ({})", settings);
            return;
        }
        String what = String.join("; ", faults);
        if (!allowNondurable) {
            throw new ConfigException("the database can lose committed evidence: " + what + ". Fix the "
                    + "server's settings, or set " + Setting.DATABASE_ALLOW_NONDURABLE.key() + "=true ("
                    + Setting.DATABASE_ALLOW_NONDURABLE.env() + ") to run anyway");
        }
        log.error("ALARM the database can lose committed evidence: {}. Running anyway because {}=true", what,
                Setting.DATABASE_ALLOW_NONDURABLE.key());
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
