package org.defaulterivr.evidence;

import io.vertx.core.Future;
import java.util.List;
import org.defaulterivr.tlog.Checkpoint;

/**
 * The latest checkpoints of this log that its witnesses cosigned, as they hold them (each verified with the log's key
 * and the witness's): what the deployment as a whole has signed, whatever any one node or the database remembers.
 * Witnesses that cannot be reached are left out.
 */
@FunctionalInterface
public interface WitnessedHeads {

    WitnessedHeads NONE = () -> Future.succeededFuture(List.of());

    Future<List<Checkpoint>> latest();
}
