package org.defaulterivr.testing;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.Service;
import org.defaulterivr.api.AuditAccess;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;

/**
 * {@code serve} for a child process in tests, with the auditors' API open to {@link TestNode#AUDITOR_TOKEN} (the
 * real command refuses every auditor until the token scheme is wired in). Configured by the environment only.
 */
public final class AuditedServe {
    private AuditedServe() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.load(null, System.getenv());
        Database database = Database.open(config);
        Service.start(config, database, Clock.systemUTC(),
                        AuditAccess.bearerToken(TestNode.AUDITOR_TOKEN, TestNode.AUDITOR_TOKEN))
                .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        Thread.currentThread().join();
    }
}
