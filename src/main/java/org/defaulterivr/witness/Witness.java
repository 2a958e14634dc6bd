package org.defaulterivr.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.defaulterivr.evidence.merkle.MerkleProofs;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.defaulterivr.tlog.AddCheckpointRequest;
import org.defaulterivr.tlog.Checkpoint;
import org.defaulterivr.tlog.NoteSignature;
import org.defaulterivr.tlog.NoteSigner;
import org.defaulterivr.tlog.SignedNote;
import org.defaulterivr.tlog.VerifierKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transparency-log witness (c2sp.org/tlog-witness): it cosigns a log's checkpoint only if the log signed it and it
 * extends, by a consistency proof, the latest checkpoint this witness cosigned for that log. So once it has cosigned a
 * tree, it never cosigns a different tree of that size or one that does not contain it: a log that forks or rolls back
 * loses its witnesses' cosignatures, and anyone who asks for them learns it.
 *
 * <p>{@link #addCheckpoint} checks and persists atomically (it is synchronized: one request at a time, which the
 * protocol requires so that two requests cannot roll the stored size back) and blocks on the disk: run it on a
 * worker. The answer codes are the protocol's: 400 malformed, 404 unknown log, 403 not signed by the log, 409 old
 * size is not the one cosigned last (the body says which), 422 inconsistent, 200 with the cosignature line.
 */
public final class Witness {
    private static final Logger log = LoggerFactory.getLogger(Witness.class);

    private final NoteSigner key;
    private final Map<String, VerifierKey> logs;
    private final WitnessStore store;
    private final Clock clock;

    /** @param logs the logs' verifier keys; each key's name is the origin of that log's checkpoints */
    public Witness(NoteSigner key, List<VerifierKey> logs, WitnessStore store, Clock clock) {
        if (key.verifierKey().type() != VerifierKey.COSIGNATURE_V1) {
            throw new IllegalArgumentException("a witness cosigns with a cosignature/v1 key");
        }
        this.key = key;
        this.logs = logs.stream().collect(Collectors.toUnmodifiableMap(VerifierKey::name, Function.identity()));
        this.store = store;
        this.clock = clock;
    }

    public VerifierKey verifierKey() {
        return key.verifierKey();
    }

    /** The answer to an add-checkpoint request body. */
    public synchronized WitnessReply addCheckpoint(String body) {
        AddCheckpointRequest request;
        Checkpoint checkpoint;
        try {
            request = AddCheckpointRequest.parse(body);
            checkpoint = Checkpoint.parse(request.note().text());
        } catch (IllegalArgumentException e) {
            return WitnessReply.refused(400, "malformed request: " + e.getMessage());
        }
        VerifierKey logKey = logs.get(checkpoint.origin());
        if (logKey == null) {
            return WitnessReply.refused(404, "this witness does not witness the log " + checkpoint.origin());
        }
        List<NoteSignature> claimed = request.note().claimedBy(logKey);
        if (claimed.isEmpty() || claimed.stream().anyMatch(s -> !logKey.verify(request.note().text(), s))) {
            return WitnessReply.refused(403, "the checkpoint carries no valid signature of " + logKey.vkey());
        }
        if (request.oldSize() > checkpoint.size()) {
            return WitnessReply.refused(400, "old size " + request.oldSize() + " is larger than the checkpoint's "
                    + checkpoint.size());
        }
        try {
            Optional<Checkpoint> latest = store.latest(checkpoint.origin()).map(n -> Checkpoint.parse(n.text()));
            long latestSize = latest.map(Checkpoint::size).orElse(0L);
            if (request.oldSize() != latestSize) {
                return WitnessReply.conflict(latestSize);
            }
            String inconsistency = inconsistency(request, checkpoint, latest);
            if (inconsistency != null) {
                log.warn("refused a checkpoint of {} at size {}: {}", checkpoint.origin(), checkpoint.size(),
                        inconsistency);
                store.keepRefused(checkpoint.origin(), checkpoint.size(), request.note(), inconsistency, clock.instant());
                return WitnessReply.refused(422, inconsistency);
            }
            NoteSignature cosignature = key.cosign(request.note().text(), clock.instant().getEpochSecond());
            // the log's own signatures and ours: what the monitoring endpoint serves
            store.replace(checkpoint.origin(), new SignedNote(request.note().text(), claimed).with(List.of(cosignature)));
            return WitnessReply.cosigned(cosignature.line());
        } catch (IOException e) {
            log.error("witness state not readable or not written: {}", e.toString());
            return WitnessReply.refused(500, "the witness cannot read or persist its state");
        }
    }

    /** The latest cosigned checkpoint of the log whose origin has this SHA-256, with the cosignatures, if any. */
    public Optional<String> latestCheckpoint(String originHash) {
        try {
            return store.latestByOriginHash(originHash).map(SignedNote::format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null if the checkpoint extends the latest one cosigned; otherwise why not. */
    private static String inconsistency(AddCheckpointRequest request, Checkpoint checkpoint,
            Optional<Checkpoint> latest) {
        if (checkpoint.size() == 0 && !TreeHasher.same(checkpoint.rootHash(), TreeHasher.emptyRoot())) {
            return "a checkpoint of size 0 has the root of the empty tree";
        }
        if (request.oldSize() == 0) {
            return request.proof().isEmpty() ? null : "a consistency proof from size 0 is empty";
        }
        Checkpoint previous = latest.orElseThrow();
        if (checkpoint.size() == previous.size()) {
            return TreeHasher.same(checkpoint.rootHash(), previous.rootHash()) ? null
                    : "a different root for size " + checkpoint.size() + " than the checkpoint cosigned before: the log"
                            + " forked";
        }
        return MerkleProofs.verifyConsistency(previous.size(), checkpoint.size(), previous.rootHash(),
                checkpoint.rootHash(), request.proof()) ? null
                : "the consistency proof does not show size " + checkpoint.size() + " extending the size "
                        + previous.size() + " cosigned before: the log forked or the proof is wrong";
    }
}
