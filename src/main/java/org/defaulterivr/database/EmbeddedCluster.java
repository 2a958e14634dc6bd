package org.defaulterivr.database;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import org.defaulterivr.config.ConfigException;
import org.defaulterivr.config.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL a node runs when no {@code DATABASE_URL} is given: its cluster in {@code data.dir/postgres},
 * durable (fsync, synchronous_commit and full_page_writes on), reachable on 127.0.0.1 only (no Unix socket), and only
 * with the password generated at its creation, kept in {@code data.dir/postgres.password} (mode 0600), checked by
 * SCRAM-SHA-256. A port some other program holds is refused, never shared.
 */
public final class EmbeddedCluster {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
    static final String PASSWORD_FILE = "postgres.password";
    static final String USER = "postgres";
    /** Marks a pg_hba.conf this class wrote; a cluster without it predates password authentication. */
    private static final String HBA_MARKER = "# defaulter-ivr: password (SCRAM) over TCP from 127.0.0.1 only";
    private static final String HBA = HBA_MARKER + "\n"
            + "# rewritten at every start; a Unix-socket or remote connection matches no line and is refused\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n";

    private final EmbeddedPostgres server;
    private final PgConnectOptions options;

    private EmbeddedCluster(EmbeddedPostgres server, PgConnectOptions options) {
        this.server = server;
        this.options = options;
    }

    EmbeddedPostgres server() {
        return server;
    }

    PgConnectOptions connectOptions() {
        return options;
    }

    static PgConnectOptions connectOptions(int port, String password) {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("postgres").setUser(USER)
                .setPassword(password);
    }

    /** A builder with the durable settings; tests' embedded servers start from it too. */
    public static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        DurabilitySettings.DURABLE.forEach(builder::setServerConfig);
        return builder.setPGStartupWait(Duration.ofSeconds(60));
    }

    /** Starts (creating on first use) the cluster under {@code dataDir}; blocking. */
    static EmbeddedCluster start(Path dataDir, int port) {
        Path clusterDir = dataDir.resolve("postgres");
        try {
            refuseTakenPort(port);
            Files.createDirectories(clusterDir);
            boolean created = !Files.exists(clusterDir.resolve("postgresql.conf"));
            Path passwordFile = dataDir.resolve(PASSWORD_FILE);
            String password = loadOrCreatePassword(passwordFile);
            boolean upgrade = !created && !hasOurHba(clusterDir);
            EmbeddedPostgres.Builder builder = durable(EmbeddedPostgres.builder())
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // the library's own start-up check connects with these
                    .setConnectConfig("password", password)
                    // initdb --pwfile: the superuser has the password from its very first start
                    .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                    .setDataDirectoryCustomizer(dir -> {
                        if (!upgrade) {
                            writeHba(dir.toPath());
                        }
                    });
            EmbeddedPostgres pg = builder.start();
            PgConnectOptions options = connectOptions(pg.getPort(), password);
            if (upgrade) {
                // a cluster made before password authentication still trusts 127.0.0.1: give the superuser the
                // password, then switch to SCRAM for good
                setPassword(options, password);
                writeHba(clusterDir);
                execute(options, "select pg_reload_conf()");
                log.warn("embedded PostgreSQL now requires the password in {}", passwordFile.toAbsolutePath());
            }
            checkItIsOurs(options, clusterDir);
            log.info("embedded PostgreSQL {} on 127.0.0.1:{} ({})", created ? "created" : "reopened", pg.getPort(),
                    clusterDir.toAbsolutePath());
            return new EmbeddedCluster(pg, options);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL in " + clusterDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Another program on the port would otherwise answer the library's start-up check in our server's place (and our
     * own server would fail to bind, unseen): say so, once, naming the key to change.
     */
    static void refuseTakenPort(int port) throws IOException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (BindException e) {
            throw new ConfigException("port " + port + " on 127.0.0.1 is already in use, so the embedded "
                    + "PostgreSQL cannot listen there: stop whatever holds it (another node, another PostgreSQL) or "
                    + "set " + Setting.DATABASE_EMBEDDED_PORT.key() + " (" + Setting.DATABASE_EMBEDDED_PORT.env()
                    + ") to a free port");
        }
    }

    /** The password a running node's embedded cluster requires, for command-line tools on the same machine. */
    static String readPassword(Path dataDir) {
        Path file = dataDir.resolve(PASSWORD_FILE);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded PostgreSQL's password from " + file
                    + " (is the node's data.dir right?): " + e.getMessage(), e);
        }
    }

    private static String loadOrCreatePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        Files.writeString(temp, password + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.SYNC);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    private static boolean hasOurHba(Path clusterDir) throws IOException {
        Path hba = clusterDir.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readString(hba).startsWith(HBA_MARKER);
    }

    private static void writeHba(Path clusterDir) {
        try {
            Files.writeString(clusterDir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write pg_hba.conf", e);
        }
    }

    private static void setPassword(PgConnectOptions options, String password) throws SQLException {
        try (Connection c = jdbc(options); Statement s = c.createStatement()) {
            s.execute("alter role " + USER + " password '" + password.replace("'", "''") + "'");
        }
    }

    private static void execute(PgConnectOptions options, String sql) throws SQLException {
        try (Connection c = jdbc(options); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The server that answered must be the one whose cluster we own, not another one that got the port first. */
    private static void checkItIsOurs(PgConnectOptions options, Path clusterDir) throws SQLException, IOException {
        try (Connection c = jdbc(options); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show data_directory")) {
            rs.next();
            Path served = Path.of(rs.getString(1)).toRealPath();
            if (!served.equals(clusterDir.toRealPath())) {
                throw new ConfigException("the PostgreSQL on port " + options.getPort() + " serves " + served
                        + ", not this node's cluster: set " + Setting.DATABASE_EMBEDDED_PORT.key() + " ("
                        + Setting.DATABASE_EMBEDDED_PORT.env() + ") to a free port");
            }
        }
    }

    private static Connection jdbc(PgConnectOptions o) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/"
                + o.getDatabase(), o.getUser(), o.getPassword());
    }
}
