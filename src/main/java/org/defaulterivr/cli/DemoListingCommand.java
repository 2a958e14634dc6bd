package org.defaulterivr.cli;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;
import org.defaulterivr.index.CaseRegistration;
import org.defaulterivr.index.RegistryRepository;
import org.defaulterivr.notice.NoticeStore;
import org.defaulterivr.notice.StoredNotice;
import org.defaulterivr.numbers.PhoneNumbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Registers a demo case with the stock English notice on one number, in the database of a running node (which picks
 * it up within a second), so a new user can see a notice played with {@code probe}. All data is made up.
 */
@Command(name = "demo-listing", mixinStandardHelpOptions = true,
        description = "Register a demo listing (made-up court and debtor, stock notice) on a running node's database.")
public final class DemoListingCommand implements Callable<Integer> {
    static final String STOCK_NOTICE = "/audio/generic-notice-en.wav";

    @Option(names = "--config", paramLabel = "FILE", description = "Same config as the running node.")
    Path configFile;

    @Option(names = "--number", defaultValue = "13800000000",
            description = "Number to list, as callers dial it (default: ${DEFAULT-VALUE}).")
    String number;

    @Option(names = "--days", defaultValue = "30", description = "Days the listing stays in force (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws Exception {
        Config config = Config.load(configFile, System.getenv());
        String e164 = new PhoneNumbers(config.defaultRegion()).requireValidE164(number);
        StoredNotice notice;
        try (InputStream stock = DemoListingCommand.class.getResourceAsStream(STOCK_NOTICE)) {
            if (stock == null) {
                throw new IOException("stock notice " + STOCK_NOTICE + " missing from the build");
            }
            notice = new NoticeStore(config.dataDir().resolve("notices")).store(stock.readAllBytes());
        }
        Vertx vertx = Vertx.vertx();
        Pool pool = Database.connect(config).pool(vertx, 1);
        RegistryRepository registry = new RegistryRepository(pool);
        try {
            Instant now = Instant.now();
            long caseId = registry.ensureCourt("demo-court", "Demo People's Court")
                    .compose(courtId -> registry.addNotice(courtId, notice.sha256(), notice.durationMs(), "stock", null)
                            .compose(noticeId -> registry.upsertActiveCase(new CaseRegistration(courtId, "DEMO-0001",
                                    "(demo) enforcement ruling 0001", "Demo Debtor", "**************0000",
                                    new BigDecimal("12345.67"), "CNY", now, now.plus(Duration.ofDays(days)),
                                    noticeId, List.of(e164)))))
                    .eventually(pool::close)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.out.printf("listed %s in demo case %d until %s (notice %s, %d ms)%n", e164, caseId,
                    now.plus(Duration.ofDays(days)), notice.sha256(), notice.durationMs());
            return 0;
        } finally {
            vertx.close();
        }
    }

}
