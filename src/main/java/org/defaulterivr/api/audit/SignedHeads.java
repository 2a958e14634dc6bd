package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import java.util.List;
import org.defaulterivr.api.Problem;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.SignedTreeHead;

/** Finding a signed tree head, with the problem an auditor gets when there is none. */
final class SignedHeads {
    private SignedHeads() {
    }

    /** The head of {@code size}, or the latest when {@code size} is null. */
    static Future<SignedTreeHead> signed(LogRepository logRepository, Long size) {
        return (size == null ? logRepository.latestHead() : logRepository.head(size))
                .map(head -> head.orElseThrow(() -> size == null ? noHeadYet()
                        : Problem.notFound("no signed tree head of size " + size)));
    }

    static Problem noHeadYet() {
        return new Problem(503, "no-tree-head", "No signed tree head yet",
                "the log has not signed a tree head yet; try again in a few seconds", List.of());
    }
}
