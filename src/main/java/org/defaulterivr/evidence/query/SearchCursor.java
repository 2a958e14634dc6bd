package org.defaulterivr.evidence.query;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.defaulterivr.evidence.LeafEncoding;

/**
 * Where a page of search results ended: the key of its last record, in the search order (occurredAt, nodeId,
 * callId). That key is unique and is the evidence table's primary key, so the next page starts with an index seek
 * however deep it is (keyset pagination), and includes records the log has not sequenced yet. Opaque to clients.
 */
public record SearchCursor(Instant occurredAt, String nodeId, String callId) {

    public String encode() {
        String json = new JsonArray().add(LeafEncoding.epochMicros(occurredAt)).add(nodeId).add(callId).encode();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException if {@code text} is not a cursor this service wrote */
    public static SearchCursor decode(String text) {
        try {
            JsonArray key = new JsonArray(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
            if (key.size() != 3) {
                throw new IllegalArgumentException("not a cursor");
            }
            long micros = key.getLong(0);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new SearchCursor(at, key.getString(1), key.getString(2));
        } catch (DecodeException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
