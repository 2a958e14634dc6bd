package org.defaulterivr.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.defaulterivr.Service;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;
import org.defaulterivr.index.CaseRegistration;
import org.defaulterivr.index.RegistryRepository;
import org.defaulterivr.notice.NoticeStore;
import org.defaulterivr.notice.StoredNotice;

/**
 * A whole node for integration tests: the real service on ephemeral ports, its own data directory, a real
 * PostgreSQL, and a side connection to register cases and read evidence the way courts and auditors will.
 */
public final class TestNode implements AutoCloseable {
    public final Service service;
    public final Config config;
    private final Vertx sideVertx = Vertx.vertx();
    private final Pool side;
    public final RegistryRepository registry;

    private TestNode(Service service, Config config, Database database) {
        this.service = service;
        this.config = config;
        this.side = database.pool(sideVertx, 2);
        this.registry = new RegistryRepository(side);
    }

    public static TestNode start(Database database, Path dataDir, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "agi.port", "0",
                "http.port", "0",
                "agi.host", "127.0.0.1",
                "http.host", "127.0.0.1",
                "data.dir", dataDir.toString(),
                "node.id", "test-node"));
        all.putAll(settings);
        Config config = Config.of(all);
        Service service = Await.result(Service.start(config, database, Clock.systemUTC()));
        return new TestNode(service, config, database);
    }

    /** The stock notice, stored in this node's notice folder. */
    public StoredNotice stockNotice() {
        try (InputStream in = TestNode.class.getResourceAsStream("/audio/generic-notice-en.wav")) {
            return new NoticeStore(config.dataDir().resolve("notices")).store(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers an active case on {@code e164} with the stock notice; its id. */
    public long list(String caseNumber, String e164, Instant from, Instant until) {
        StoredNotice notice = stockNotice();
        return Await.result(registry.ensureCourt("court-a", "Court A")
                .compose(court -> registry.addNotice(court, notice.sha256(), notice.durationMs(), "stock", null)
                        .compose(noticeId -> registry.upsertActiveCase(new CaseRegistration(court, caseNumber,
                                "ruling " + caseNumber, "Debtor " + caseNumber, "****1234", new BigDecimal("100.00"),
                                "CNY", from, until, noticeId, List.of(e164))))));
    }

    /** The evidence row of one call, as the database holds it. */
    public Optional<Row> evidence(String callId) {
        var rows = Await.result(side.preparedQuery("select * from evidence_record where call_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(callId)));
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }

    /** Rows of a query run on the side connection, as an auditor's tools or a tampering superuser would. */
    public List<Row> rows(String sql) {
        List<Row> rows = new java.util.ArrayList<>();
        Await.result(side.query(sql).execute()).forEach(rows::add);
        return rows;
    }

    /** Runs statements on the side connection, one after another. */
    public void execute(String... statements) {
        for (String sql : statements) {
            Await.result(side.query(sql).execute());
        }
    }

    /** Runs one statement on the side connection, as an operator at a SQL prompt would. */
    public io.vertx.sqlclient.RowSet<Row> sql(String sql, Object... params) {
        return Await.result(side.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.wrap(java.util.Arrays.asList(params))));
    }

    /** The side connection pool, for repositories a test drives directly. */
    public Pool pool() {
        return side;
    }

    public long count(String sql) {
        return Await.result(side.query(sql).execute()).iterator().next().getLong(0);
    }

    public int agiPort() {
        return service.agiPort();
    }

    public int httpPort() {
        return service.httpPort();
    }

    @Override
    public void close() {
        Await.result(service.stop());
        Await.result(side.close());
        Await.result(sideVertx.close());
    }
}
