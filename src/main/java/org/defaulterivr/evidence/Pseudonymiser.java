package org.defaulterivr.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Callers are third parties: the evidence names them by a keyed hash of their number plus its last two digits, so
 * repeat calls by one caller can be counted and a caller who gives their number can be found, but the log alone does
 * not reveal who called. The key never leaves the node's data directory.
 */
public final class Pseudonymiser {
    private final byte[] key;
    private final boolean keepNumbers;

    public Pseudonymiser(byte[] key, boolean keepNumbers) {
        if (key.length < 32) {
            throw new IllegalArgumentException("pseudonym key must be at least 256 bits");
        }
        this.key = key.clone();
        this.keepNumbers = keepNumbers;
    }

    /** {@code h:<16 hex>:<last two digits>}, the number itself if configured to keep numbers, or "anonymous". */
    public String pseudonym(String callerE164OrRaw) {
        String digits = callerE164OrRaw == null ? "" : callerE164OrRaw.replaceAll("[^0-9+]", "");
        if (digits.replace("+", "").length() < 3) {
            return "anonymous";
        }
        if (keepNumbers) {
            return digits;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] hash = mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII));
            return "h:" + HexFormat.of().formatHex(hash, 0, 8) + ":" + digits.substring(digits.length() - 2);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
