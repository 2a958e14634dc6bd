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
    private final SecretKeySpec key;
    private final boolean keepNumbers;
    /** A keyed MAC per thread: {@code Mac} is not thread-safe, and looking one up and keying it costs more than using it. */
    private final ThreadLocal<Mac> macs;

    public Pseudonymiser(byte[] key, boolean keepNumbers) {
        if (key.length < 32) {
            throw new IllegalArgumentException("pseudonym key must be at least 256 bits");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.keepNumbers = keepNumbers;
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail now, not on the first listed call, if HmacSHA256 is missing
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code h:<16 hex>:<last two digits>}, the number itself if configured to keep numbers, or "anonymous". */
    public String pseudonym(String callerE164OrRaw) {
        String digits = digitsAndPlus(callerE164OrRaw);
        if (digits.replace("+", "").length() < 3) {
            return "anonymous";
        }
        if (keepNumbers) {
            return digits;
        }
        // doFinal leaves the MAC keyed and ready for the next number
        byte[] hash = macs.get().doFinal(digits.getBytes(StandardCharsets.US_ASCII));
        return "h:" + HexFormat.of().formatHex(hash, 0, 8) + ":" + digits.substring(digits.length() - 2);
    }

    private static String digitsAndPlus(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= '0' && c <= '9') || c == '+') {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
