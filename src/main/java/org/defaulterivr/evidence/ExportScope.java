package org.defaulterivr.evidence;

import java.util.Locale;

/** What the records of an evidence export are meant to be; the header line states it. */
public enum ExportScope {
    /** Every record from seq 0 up to the largest tree head: the whole log can be recomputed. */
    FULL,
    /** Only some records (say, one case's), each proven by an inclusion proof against a signed tree head. */
    SELECTION;

    /** The lower-case word used in the header line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code word} in a header line, or {@code null} if there is none. */
    static ExportScope fromWireName(String word) {
        for (ExportScope scope : values()) {
            if (scope.wireName().equals(word)) {
                return scope;
            }
        }
        return null;
    }
}
