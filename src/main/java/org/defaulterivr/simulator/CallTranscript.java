package org.defaulterivr.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of one simulated call.
 *
 * @param lines              the dialogue, in the fixtures' format
 * @param variables          what the server set with {@code SET VARIABLE}, in order
 * @param progressSent       whether {@code EXEC Progress} reached a live, unanswered channel (183 to the caller)
 * @param playbacks          every {@code STREAM FILE}, in order
 * @param commandCount       lines the server sent
 * @param firstCommandAfter  from connect to the first command; empty when the server sent none
 * @param closedAfter        from connect to the end of the session
 * @param end                how the session ended
 * @param agiStatus          what Asterisk would set {@code AGISTATUS} to
 * @param problem            why the session did not end normally; empty when it did
 */
public record CallTranscript(
        List<DialogueLine> lines,
        Map<String, String> variables,
        boolean progressSent,
        List<Playback> playbacks,
        int commandCount,
        Optional<Duration> firstCommandAfter,
        Duration closedAfter,
        SessionEnd end,
        AgiStatus agiStatus,
        String problem) {

    public CallTranscript {
        lines = List.copyOf(lines);
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        playbacks = List.copyOf(playbacks);
        Objects.requireNonNull(firstCommandAfter, "firstCommandAfter");
        Objects.requireNonNull(closedAfter, "closedAfter");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(agiStatus, "agiStatus");
        Objects.requireNonNull(problem, "problem");
    }

    /** True when the server ended the session itself, as a FastAGI script must. */
    public boolean completedNormally() {
        return end == SessionEnd.SERVER_CLOSED;
    }

    /** The first file streamed, if any. */
    public Optional<String> streamedFile() {
        return playbacks.stream().map(Playback::file).findFirst();
    }

    /** Milliseconds of notice the caller heard, over all files streamed. */
    public long heardMs() {
        return playbacks.stream().mapToLong(Playback::heardMs).sum();
    }

    /** The dialogue as the fixture files print it, one line each. */
    public String dialogue() {
        return lines.stream().map(DialogueLine::toString).collect(Collectors.joining("\n"));
    }

    /** The lines Asterisk sent, in order, without timestamps. */
    public List<String> asteriskLines() {
        return lines.stream().filter(l -> l.speaker() == Speaker.ASTERISK).map(DialogueLine::text).toList();
    }

    /** The lines the server sent, in order, without timestamps. */
    public List<String> serverLines() {
        return lines.stream().filter(l -> l.speaker() == Speaker.SERVER).map(DialogueLine::text).toList();
    }

    /** One line for a human: what the caller got, or why the session failed. */
    public String summary() {
        return switch (end) {
            case CONNECT_FAILED -> problem;
            case TIMEOUT -> "timeout: " + problem;
            case BROKEN -> "broken session: " + problem;
            case SERVER_CLOSED -> closedSummary();
        };
    }

    private String closedSummary() {
        long closedMs = closedAfter.toMillis();
        if (commandCount == 0) {
            return "no notice: number not listed (0 commands, closed after " + closedMs + " ms)";
        }
        String notice = variables.get("DEFAULTER_NOTICE");
        if (notice == null) {
            return "no DEFAULTER_NOTICE set (" + commandCount + " commands, closed after " + closedMs
                    + " ms), AGISTATUS=" + agiStatus;
        }
        var text = new StringBuilder("notice: ").append(notice);
        String caseRef = variables.get("DEFAULTER_CASE");
        if (caseRef != null) {
            text.append(" (case ").append(caseRef).append(')');
        }
        if (!playbacks.isEmpty()) {
            long length = playbacks.stream().mapToLong(p -> Math.max(p.lengthMs(), 0)).sum();
            text.append(", ").append(heardMs()).append(" ms heard");
            if (heardMs() < length) {
                text.append(" of ").append(length).append(" ms");
            }
        }
        return text.append(", AGISTATUS=").append(agiStatus).toString();
    }
}
