package org.defaulterivr.evidence.merkle;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A literal transcription of RFC 9162 §2.1 over lists of leaf hashes, sharing no code with the production classes:
 * the yardstick the tests hold them against. Slow on purpose (recomputes everything, copies sublists).
 */
final class ReferenceTree {

    private ReferenceTree() {
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] leaf(byte[] entry) {
        return sha256(new byte[] {0x00}, entry);
    }

    static byte[] node(byte[] left, byte[] right) {
        return sha256(new byte[] {0x01}, left, right);
    }

    /** The largest power of two smaller than n, found by counting. */
    static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    static byte[] mth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return d.get(0);
        }
        int k = k(n);
        return node(mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    static List<byte[]> path(int m, List<byte[]> d) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (n == 1) {
            return out;
        }
        int k = k(n);
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(path(m - k, d.subList(k, n)));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    static List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(d));
            }
            return out;
        }
        int k = k(n);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** Leaf hashes of n made-up entries "leaf-0", "leaf-1", ... */
    static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            entry.writeBytes(("leaf-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.add(leaf(entry.toByteArray()));
        }
        return out;
    }
}
