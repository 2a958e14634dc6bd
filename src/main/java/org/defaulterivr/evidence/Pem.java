package org.defaulterivr.evidence;

import java.util.Base64;

/** The PEM text armour (RFC 7468) around the DER of keys: a BEGIN line, base64 in 64-column lines, an END line. */
final class Pem {

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The DER inside the first {@code label} block of {@code text}. */
    static byte[] decode(String label, String text) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no PEM block labelled " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + label + " PEM block is not valid base64", e);
        }
    }
}
