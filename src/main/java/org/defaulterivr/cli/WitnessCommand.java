package org.defaulterivr.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.tlog.NoteSigner;
import org.defaulterivr.tlog.VerifierKey;
import org.defaulterivr.witness.Witness;
import org.defaulterivr.witness.WitnessKey;
import org.defaulterivr.witness.WitnessServer;
import org.defaulterivr.witness.WitnessStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code witness}: an independent witness of evidence logs (c2sp.org/tlog-witness), for a court or an auditor to run
 * on their own machine. It keeps its own key and the latest checkpoint it cosigned for each log, and cosigns a new
 * checkpoint only if it extends that one.
 */
@Command(name = "witness", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs a witness: cosigns the evidence log's checkpoints (C2SP tlog-witness, cosignature/v1) only if"
                        + " each extends the last one it cosigned, so the log can never show two histories unnoticed.",
                "Give the log the printed verifier key and this witness's URL (evidence.witnesses).",
                "Exit code 0 when stopped, 1 on a configuration error."})
public final class WitnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "this witness's key name, e.g. witness.court.example/w1 (no spaces, no '+')")
    String name;

    @Option(names = "--data-dir", defaultValue = "witness-data", paramLabel = "DIR",
            description = "where the witness keeps its key and the logs' latest checkpoints (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--log-key", paramLabel = "VKEY",
            description = "a log to witness, as its verifier key (`defaulter-ivr log vkey`); repeatable")
    List<String> logKeys = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8555", description = "port to listen on, 0 for any (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--print-vkey", description = "print this witness's verifier key (making the key if need be) and exit")
    boolean printVkey;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NoteSigner key;
        List<VerifierKey> logs = new ArrayList<>();
        try {
            key = WitnessKey.loadOrCreate(dataDir.resolve("witness.key"), name);
            for (String vkey : logKeys) {
                VerifierKey logKey = VerifierKey.parse(vkey);
                if (logKey.type() != VerifierKey.ED25519) {
                    throw new IllegalArgumentException("--log-key " + logKey.name() + " is not an Ed25519 note key");
                }
                logs.add(logKey);
            }
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        if (printVkey) {
            out.println(key.verifierKey().vkey());
            out.flush();
            return 0;
        }
        if (logs.isEmpty()) {
            err.println("give at least one --log-key: the logs this witness cosigns");
            err.flush();
            return 1;
        }
        Witness witness = new Witness(key, logs, new WitnessStore(dataDir), Clock.systemUTC());
        Vertx vertx = Vertx.vertx();
        WitnessServer server = new WitnessServer(witness, host, port);
        try {
            vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            err.flush();
            vertx.close();
            return 1;
        }
        out.printf("witness %s listening on http://%s:%d/ for %d log(s)%n", key.verifierKey().vkey(), host,
                server.actualPort(), logs.size());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().onComplete(ar -> stopped.countDown());
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "witness-shutdown"));
        stopped.await();
        return 0;
    }
}
