package org.defaulterivr.tlog;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of a tlog-witness {@code add-checkpoint} request: {@code old <size>}, zero to 63 consistency proof hashes in
 * base64 (one per line), an empty line, then the signed checkpoint note.
 *
 * @param oldSize the size of the checkpoint the log believes the witness cosigned last (0 if none)
 * @param proof   the RFC 6962 consistency proof from {@code oldSize} to the checkpoint's size
 * @param note    the checkpoint, signed by the log (and maybe others)
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, SignedNote note) {

    /** The most proof lines a client may send. */
    public static final int MAX_PROOF_LINES = 63;

    public AddCheckpointRequest {
        proof = List.copyOf(proof);
    }

    /** The request body as the log sends it. */
    public String format() {
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        proof.forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return body.append('\n').append(note.format()).toString();
    }

    /**
     * Reads a request body.
     *
     * @throws IllegalArgumentException naming what is wrong (the witness answers 400 Bad Request)
     */
    public static AddCheckpointRequest parse(String body) {
        int end = body.indexOf('\n');
        if (end < 0 || !body.substring(0, end).matches("old (0|[1-9][0-9]{0,18})")) {
            throw new IllegalArgumentException("the first line is \"old <size>\" in decimal without leading zeroes");
        }
        long oldSize;
        try {
            oldSize = Long.parseLong(body.substring(4, end));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the old size is too large");
        }
        List<byte[]> proof = new ArrayList<>();
        int position = end + 1;
        while (true) {
            int next = body.indexOf('\n', position);
            if (next < 0) {
                throw new IllegalArgumentException("an empty line separates the proof from the checkpoint");
            }
            String line = body.substring(position, next);
            position = next + 1;
            if (line.isEmpty()) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new IllegalArgumentException("a consistency proof has at most " + MAX_PROOF_LINES + " lines");
            }
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("proof line " + (proof.size() + 1) + " is not base64");
            }
            if (hash.length != 32) {
                throw new IllegalArgumentException("proof line " + (proof.size() + 1) + " is not a 32-byte hash");
            }
            proof.add(hash);
        }
        return new AddCheckpointRequest(oldSize, proof, SignedNote.parse(body.substring(position)));
    }
}
