package org.defaulterivr.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;

/**
 * One operation of an operator's command on the node's database (the same configuration as {@code serve}: defaults,
 * {@code --config FILE}, environment), with one connection, released whatever the outcome.
 */
final class DatabaseSession {
    private DatabaseSession() {
    }

    static <T> T run(Path configFile, Function<Pool, Future<T>> operation) throws Exception {
        Config config = Config.load(configFile, System.getenv());
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Database.connect(config).pool(vertx, 1);
            return operation.apply(pool).eventually(pool::close)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
