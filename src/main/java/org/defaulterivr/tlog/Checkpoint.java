package org.defaulterivr.tlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The body of a checkpoint (c2sp.org/tlog-checkpoint): the log's origin, the tree size in decimal and the base64 RFC
 * 6962 root hash, one per line, then optional non-empty extension lines.
 *
 * <pre>
 *   example.org/evidence-log
 *   20852163
 *   CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 * </pre>
 *
 * @param origin     the log's identity, also the key name of its signature
 * @param size       the number of leaves
 * @param rootHash   the 32-byte SHA-256 Merkle root
 * @param extensions extension lines, without newlines
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint's origin is one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is not negative");
        }
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("a root hash has 32 bytes, not " + rootHash.length);
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String line : extensions) {
            if (line.isEmpty() || line.contains("\n")) {
                throw new IllegalArgumentException("an extension line is one non-empty line");
            }
        }
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text: each line with its newline. */
    public String text() {
        StringBuilder text = new StringBuilder(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** The value of the first extension line {@code <keyword> <value>}, or null. */
    public String extension(String keyword) {
        for (String line : extensions) {
            if (line.startsWith(keyword + " ")) {
                return line.substring(keyword.length() + 1);
            }
        }
        return null;
    }

    /**
     * Reads a checkpoint from its note text.
     *
     * @throws IllegalArgumentException naming the line at fault
     */
    public static Checkpoint parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint's text ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("a checkpoint has at least three lines: origin, size, root hash");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("a checkpoint's second line is the tree size in decimal without leading "
                    + "zeroes, not \"" + lines[1] + "\"");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tree size " + lines[1] + " is too large");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a checkpoint's third line is the root hash in base64");
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("a checkpoint's root hash has 32 bytes, not " + root.length);
        }
        List<String> extensions = new ArrayList<>(Arrays.asList(lines).subList(3, lines.length));
        return new Checkpoint(lines[0], size, root, extensions);
    }

    /** The SHA-256 of an origin in lower-case hex: how the tlog-witness monitoring URL names a log. */
    public static String originHash(String origin) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(origin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && origin.equals(that.origin) && size == that.size
                && Arrays.equals(rootHash, that.rootHash) && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return text();
    }
}
