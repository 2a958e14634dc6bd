package org.defaulterivr.tlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, then one or more signature lines.
 * The text is separated from the signatures by the last blank line. Valid UTF-8 without control characters other
 * than the newline; key names without spaces or {@code +}.
 *
 * @param text       the note text, including its final newline
 * @param signatures the signature lines, in order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** The most signatures a note may carry here; the spec asks verifiers to accept at least 16. */
    public static final int MAX_SIGNATURES = 64;
    /** The largest note read, in characters. */
    public static final int MAX_CHARS = 64 * 1024;

    public SignedNote {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text ends with a newline");
        }
        checkCharacters(text);
        signatures = List.copyOf(signatures);
    }

    /** The note as it is sent: text, blank line, signature lines. */
    public String format() {
        StringBuilder note = new StringBuilder(text).append('\n');
        signatures.forEach(s -> note.append(s.line()));
        return note.toString();
    }

    /** The same text with {@code more} signatures appended (those already present are not repeated). */
    public SignedNote with(List<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        more.stream().filter(s -> !all.contains(s)).forEach(all::add);
        return new SignedNote(text, all);
    }

    /** The signatures {@code key} made that verify; an empty list if none. */
    public List<NoteSignature> verifiedBy(VerifierKey key) {
        return signatures.stream().filter(s -> key.matches(s) && key.verify(text, s)).toList();
    }

    /** The signatures whose key name and ID are {@code key}'s, verifying or not. */
    public List<NoteSignature> claimedBy(VerifierKey key) {
        return signatures.stream().filter(key::matches).toList();
    }

    /**
     * Reads a signed note.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SignedNote parse(String note) {
        if (note.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the note is longer than " + MAX_CHARS + " characters");
        }
        checkCharacters(note);
        if (!note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note ends with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("a signed note has a blank line between its text and its signatures");
        }
        String text = note.substring(0, split + 1);
        String[] lines = note.substring(split + 2).split("\n", -1);
        // the split leaves one empty string after the final newline
        List<NoteSignature> signatures = new ArrayList<>(lines.length - 1);
        for (int i = 0; i < lines.length - 1; i++) {
            if (signatures.size() == MAX_SIGNATURES) {
                throw new IllegalArgumentException("a note may carry at most " + MAX_SIGNATURES + " signatures here");
            }
            signatures.add(NoteSignature.parse(lines[i]));
        }
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note has at least one signature line");
        }
        return new SignedNote(text, signatures);
    }

    private static void checkCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("a note holds no control character but the newline (U+"
                        + String.format("%04X", (int) c) + " at " + i + ")");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException("a note is valid Unicode text (unpaired surrogate at " + i + ")");
                }
            }
        }
    }
}
