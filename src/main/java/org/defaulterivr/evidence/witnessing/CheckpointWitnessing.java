package org.defaulterivr.evidence.witnessing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.defaulterivr.evidence.CheckpointRepository;
import org.defaulterivr.evidence.CheckpointRepository.StoredCheckpoint;
import org.defaulterivr.evidence.LogAlarm;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.WitnessedHeads;
import org.defaulterivr.tlog.Checkpoint;
import org.defaulterivr.tlog.SignedNote;
import org.defaulterivr.tlog.VerifierKey;
import org.defaulterivr.tlog.NoteSignature;
import org.defaulterivr.tlog.AddCheckpointRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's side of c2sp.org/tlog-witness: sends each new checkpoint to every configured witness with a consistency
 * proof from the size that witness cosigned last, checks the cosignature it returns and stores it next to the
 * checkpoint. One request per witness at a time; a witness that falls behind gets the latest checkpoint only.
 *
 * <p>A witness that has cosigned a larger tree than the log's latest checkpoint (409 with a larger size), or refuses a
 * checkpoint as inconsistent (422), has seen another history of this log: the {@link LogAlarm} goes up naming it. A
 * witness that is down or misconfigured is only logged and counted ({@code divr_witness_requests_total}).
 */
public final class CheckpointWitnessing implements Consumer<StoredCheckpoint>, WitnessedHeads {
    private static final Logger log = LoggerFactory.getLogger(CheckpointWitnessing.class);

    private final HttpClient http;
    private final LogRepository proofs;
    private final CheckpointRepository store;
    private final LogAlarm alarm;
    private final MeterRegistry meters;
    private final List<Witnessed> witnesses = new ArrayList<>();
    private final VerifierKey logKey;

    /** What the log knows of one witness. */
    private final class Witnessed {
        final WitnessEndpoint endpoint;
        /** The size it cosigned last as far as we know; -1 before the first answer. */
        long cosignedSize = -1;
        StoredCheckpoint wanted;
        boolean busy;
        String lastProblem;

        Witnessed(WitnessEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        Counter counter(String outcome) {
            return Counter.builder("divr_witness_requests_total").tag("witness", endpoint.key().name())
                    .tag("outcome", outcome).description("add-checkpoint requests to witnesses, by outcome")
                    .register(meters);
        }
    }

    /** @param logKey the log's checkpoint key: its name is the origin witnesses know the log by */
    public CheckpointWitnessing(Vertx vertx, List<WitnessEndpoint> endpoints, VerifierKey logKey, LogRepository proofs,
            CheckpointRepository store, LogAlarm alarm, MeterRegistry meters) {
        this.logKey = logKey;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(60));
        this.proofs = proofs;
        this.store = store;
        this.alarm = alarm;
        this.meters = meters;
        endpoints.forEach(e -> witnesses.add(new Witnessed(e)));
    }

    /** A new checkpoint is stored: ask every witness to cosign it. Call on one context (the sequencer's). */
    @Override
    public void accept(StoredCheckpoint checkpoint) {
        for (Witnessed witness : witnesses) {
            witness.wanted = checkpoint;
            if (!witness.busy) {
                submit(witness, checkpoint, 0);
            }
        }
    }

    private void submit(Witnessed witness, StoredCheckpoint checkpoint, int conflicts) {
        witness.busy = true;
        long oldSize = Math.max(0, witness.cosignedSize);
        Future<List<byte[]>> proof = oldSize == 0 || oldSize >= checkpoint.treeSize()
                ? Future.succeededFuture(List.of())
                : proofs.consistencyProof(oldSize, checkpoint.treeSize());
        proof.compose(hashes -> post(witness, new AddCheckpointRequest(Math.min(oldSize, checkpoint.treeSize()), hashes,
                        checkpoint.note()).format()))
                .onComplete(ar -> {
                    Answer answer = ar.succeeded() ? ar.result() : new Answer(0, ar.cause().toString());
                    boolean retry = handle(witness, checkpoint, answer) && conflicts < 2;
                    if (retry) {
                        submit(witness, checkpoint, conflicts + 1);
                        return;
                    }
                    witness.busy = false;
                    if (witness.wanted != checkpoint) {
                        submit(witness, witness.wanted, 0);
                    }
                });
    }

    private record Answer(int status, String body) {
    }

    private Future<Answer> post(Witnessed witness, String body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(witness.endpoint.addCheckpoint().toString()).setTimeout(10_000)
                .putHeader("Content-Type", "text/plain; charset=utf-8");
        return http.request(options)
                .compose(request -> request.send(Buffer.buffer(body, "UTF-8")))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(),
                        b.toString(StandardCharsets.UTF_8))));
    }

    /** Handles a witness's answer; true to send again at once (a 409 told us the size it cosigned). */
    private boolean handle(Witnessed witness, StoredCheckpoint checkpoint, Answer answer) {
        String name = witness.endpoint.key().name();
        String source = "witness " + name;
        switch (answer.status()) {
            case 200 -> {
                List<NoteSignature> valid = new ArrayList<>();
                for (String line : answer.body().split("\n")) {
                    try {
                        NoteSignature signature = NoteSignature.parse(line);
                        if (witness.endpoint.key().verify(checkpoint.note().text(), signature)) {
                            valid.add(signature);
                        }
                    } catch (IllegalArgumentException e) {
                        // not a signature line of this witness: ignored, as the protocol says
                    }
                }
                if (valid.isEmpty()) {
                    problem(witness, "outcome-bad-cosignature", "witness " + name + " answered without a valid"
                            + " cosignature from its key " + witness.endpoint.key().vkey());
                    return false;
                }
                witness.cosignedSize = checkpoint.treeSize();
                witness.counter("cosigned").increment();
                alarm.clear(source);
                if (witness.lastProblem != null) {
                    log.info("witness {} cosigns again (checkpoint of size {})", name, checkpoint.treeSize());
                    witness.lastProblem = null;
                }
                valid.forEach(signature -> store.storeCosignature(checkpoint.treeSize(), signature)
                        .onFailure(e -> log.warn("cosignature of {} for size {} not stored: {}", name,
                                checkpoint.treeSize(), e.toString())));
                return false;
            }
            case 409 -> {
                long size;
                try {
                    size = Long.parseLong(answer.body().strip());
                } catch (NumberFormatException e) {
                    problem(witness, "outcome-409-unreadable", "witness " + name + " answered 409 without a size");
                    return false;
                }
                if (size > checkpoint.treeSize()) {
                    witness.counter("rolled-back").increment();
                    alarm.raise(source, "evidence log: witness " + name + " has cosigned a tree of size " + size
                            + ", larger than this log's latest checkpoint (" + checkpoint.treeSize() + "): the log was"
                            + " rolled back; restore the database that holds it");
                    problem(witness, null, alarm.reason().orElse(""));
                    return false;
                }
                witness.cosignedSize = size;
                return true;
            }
            case 422 -> {
                witness.counter("refused").increment();
                alarm.raise(source, "evidence log: witness " + name + " refuses the checkpoint of size "
                        + checkpoint.treeSize() + " as inconsistent with what it cosigned before ("
                        + answer.body().strip() + "): this log showed two histories");
                problem(witness, null, "witness " + name + " refuses the checkpoint of size " + checkpoint.treeSize()
                        + ": " + answer.body().strip());
                return false;
            }
            default -> {
                problem(witness, answer.status() == 0 ? "outcome-unreachable" : "outcome-" + answer.status(),
                        "witness " + name + " at " + witness.endpoint.url() + ": " + (answer.status() == 0
                                ? answer.body() : "HTTP " + answer.status() + " " + answer.body().strip()));
                return false;
            }
        }
    }

    private void problem(Witnessed witness, String outcome, String message) {
        if (outcome != null) {
            witness.counter(outcome.replace("outcome-", "")).increment();
        }
        if (!message.equals(witness.lastProblem)) {
            log.warn("{}", message);
            witness.lastProblem = message;
        }
    }

    /**
     * The latest checkpoint each witness holds for this log (tlog-witness monitoring endpoint), kept only if it carries
     * the log's valid signature and the witness's valid cosignature; unreachable witnesses are left out.
     */
    @Override
    public Future<List<Checkpoint>> latest() {
        List<Future<Checkpoint>> asked = new ArrayList<>();
        for (Witnessed witness : witnesses) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setTimeout(3_000)
                    .setAbsoluteURI(witness.endpoint.url() + "/" + Checkpoint.originHash(logKey.name()) + "/checkpoint");
            asked.add(http.request(options)
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> response.statusCode() == 200
                            ? checkpoint(witness, body.toString(StandardCharsets.UTF_8)) : null))
                    .recover(e -> {
                        log.warn("witness {} not asked for its checkpoint: {}", witness.endpoint.key().name(),
                                e.toString());
                        return Future.succeededFuture(null);
                    }));
        }
        return Future.all(asked).map(all -> asked.stream().map(Future::result)
                .filter(java.util.Objects::nonNull).toList());
    }

    private Checkpoint checkpoint(Witnessed witness, String body) {
        try {
            SignedNote note = SignedNote.parse(body);
            if (note.verifiedBy(logKey).isEmpty() || note.verifiedBy(witness.endpoint.key()).isEmpty()) {
                return null;
            }
            return Checkpoint.parse(note.text());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Future<Void> close() {
        return http.close();
    }
}
