package org.defaulterivr.evidence.query;

import java.time.Instant;

/**
 * What the evidence says about the notices of one case or court. Only listed calls leave evidence, so every count is
 * of notices attempted; calls screened and passed unannounced are in the metrics, not here. Calls made by the
 * {@code probe} command (tests of the service) are in {@code probes} only, in no other count.
 *
 * @param attempted      notices attempted (evidence records)
 * @param played         heard in full
 * @param partial        caller hung up during the notice
 * @param hungUp         caller hung up before hearing any of it
 * @param failed         Asterisk could not play it
 * @param unknown        started, but the node stopped (crash) before it learnt the outcome
 * @param callersReached distinct callers (by pseudonym) who heard all or part of a notice; callers without a number
 *                       ("anonymous") are not counted, since they cannot be told apart
 * @param anonymousReached notices heard all or in part by callers without a number
 * @param probes         notices played to the probe command's calls
 * @param first          the earliest notice attempted, null if none
 * @param last           the latest notice attempted, null if none
 */
public record NoticeStats(long attempted, long played, long partial, long hungUp, long failed, long unknown,
        long callersReached, long anonymousReached, long probes, Instant first, Instant last) {
}
