package org.defaulterivr.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.defaulterivr.Service;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a node until SIGTERM or Ctrl-C, then shuts down gracefully: no new calls, notices in progress finish, the
 * evidence spool is written out while the (possibly embedded) database is still up, and the process exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the FastAGI screening service and the HTTP API.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file; environment variables override it (see README).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        Config config = Config.load(configFile, System.getenv());
        Database database = Database.open(config);
        Service service;
        try {
            service = Service.start(config, database, Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            database.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            log.info("stopping: no new calls; finishing calls in progress");
            try {
                // the grace for notices in progress, then the spool's drain and the rest of the stop
                service.stop().toCompletionStage().toCompletableFuture()
                        .get(config.shutdownGrace().toSeconds() + 30, TimeUnit.SECONDS);
                log.info("stopped cleanly");
            } catch (Exception e) {
                log.warn("stop did not complete cleanly: {}", e.toString());
            } finally {
                database.close();
                stopped.countDown();
            }
        };
        // The JVM's own shutdown runs every hook at once (the embedded database's too); handling the signal ourselves
        // lets the node finish its calls and write its evidence before anything else goes away.
        StopSignals.onStop(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));
        stopped.await();
        return 0;
    }
}
