package org.defaulterivr.evidence.witnessing;

import java.net.URI;
import java.net.URISyntaxException;
import org.defaulterivr.tlog.VerifierKey;

/**
 * A witness the log asks for cosignatures: its submission URL prefix and its cosignature/v1 verifier key. Configured as
 * {@code <url> <vkey>} (the witness prints its vkey: {@code defaulter-ivr witness --print-vkey}).
 */
public record WitnessEndpoint(URI url, VerifierKey key) {

    /**
     * Reads {@code <url> <vkey>}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static WitnessEndpoint parse(String entry) {
        String[] parts = entry.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a witness is \"<url> <verifier key>\", not \"" + entry.strip() + "\"");
        }
        URI url;
        try {
            url = new URI(parts[0].endsWith("/") ? parts[0].substring(0, parts[0].length() - 1) : parts[0]);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("witness URL " + parts[0] + " is not a URL");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("witness URL " + parts[0] + " is not an http(s) URL");
        }
        VerifierKey key = VerifierKey.parse(parts[1]);
        if (key.type() != VerifierKey.COSIGNATURE_V1) {
            throw new IllegalArgumentException("witness key " + key.name() + " is not a cosignature/v1 key (type 0x04)");
        }
        return new WitnessEndpoint(url, key);
    }

    /** The add-checkpoint URL. */
    public URI addCheckpoint() {
        return URI.create(url + "/add-checkpoint");
    }
}
