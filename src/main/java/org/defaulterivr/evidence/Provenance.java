package org.defaulterivr.evidence;

import java.util.Objects;

/**
 * What lets a court match an evidence record to the carrier's own record of the call, and tell a real call from a
 * test: covered by the leaf hash from leaf version 2 on ({@link LeafEncoding}).
 *
 * @param asteriskHost   the address of the Asterisk that asked us (the FastAGI connection's peer)
 * @param channel        Asterisk's channel name ({@code agi_channel}, e.g. {@code PJSIP/carrier-00000a3f})
 * @param listingVersion the version of the case's registry entry that the decision used
 * @param probe          true for a call made by the {@code probe} command, not by a caller
 */
public record Provenance(String asteriskHost, String channel, long listingVersion, boolean probe) {
    public Provenance {
        Objects.requireNonNull(asteriskHost, "asteriskHost");
        Objects.requireNonNull(channel, "channel");
        if (listingVersion < 0) {
            throw new IllegalArgumentException("listingVersion must not be negative");
        }
    }
}
