package org.defaulterivr.evidence;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.defaulterivr.evidence.merkle.MemoryTree;

/**
 * The per-case index of the log (see {@link CaseIndexEntry}): every case's entry, kept by the sequencer as it appends,
 * and committed to by each checkpoint as the extension line {@code divr-case-index <cases> <base64 root>}. Memory:
 * one entry (about 100 bytes) per case that has records; rebuilding the tree at a checkpoint takes two hashes per case.
 * Not thread-safe: the sequencer's alone.
 */
public final class CaseIndex {

    /** The keyword of the checkpoint extension line. */
    public static final String EXTENSION = "divr-case-index";

    private final TreeMap<Long, CaseIndexEntry> entries = new TreeMap<>();
    /** Each entry's leaf hash, kept as entries change so that a checkpoint hashes only the tree's inner nodes. */
    private final TreeMap<Long, byte[]> leaves = new TreeMap<>();
    /** Entries changed since the last checkpoint, to store with the next one. */
    private final Map<Long, CaseIndexEntry> changed = new HashMap<>();

    /** Notes that the record of {@code caseId} got {@code seq}. */
    public void add(long caseId, long seq) {
        CaseIndexEntry current = entries.get(caseId);
        CaseIndexEntry next = current == null ? CaseIndexEntry.first(caseId, seq) : current.next(seq);
        entries.put(caseId, next);
        leaves.put(caseId, next.leafHash());
        changed.put(caseId, next);
    }

    /** Restores an entry as stored (it is not "changed"). */
    public void restore(CaseIndexEntry entry) {
        entries.put(entry.caseId(), entry);
        leaves.put(entry.caseId(), entry.leafHash());
    }

    public int cases() {
        return entries.size();
    }

    public Optional<CaseIndexEntry> entry(long caseId) {
        return Optional.ofNullable(entries.get(caseId));
    }

    /** The entries changed since {@link #stored()} was last called. */
    public List<CaseIndexEntry> changed() {
        return List.copyOf(changed.values());
    }

    /** The changed entries are stored with a checkpoint. */
    public void stored(List<CaseIndexEntry> stored) {
        stored.forEach(e -> changed.remove(e.caseId(), e));
    }

    /** The index tree, leaves in ascending case id. */
    public MemoryTree tree() {
        return new MemoryTree(new ArrayList<>(leaves.values()));
    }

    public static MemoryTree tree(Iterable<CaseIndexEntry> sortedEntries) {
        List<byte[]> leaves = new ArrayList<>();
        sortedEntries.forEach(e -> leaves.add(e.leafHash()));
        return new MemoryTree(leaves);
    }

    /** The checkpoint extension line for an index of {@code cases} entries with this root. */
    public static String extensionLine(long cases, byte[] root) {
        return EXTENSION + " " + cases + " " + Base64.getEncoder().encodeToString(root);
    }

    /** The case count and root of an extension line's value ({@code <cases> <base64 root>}), or empty if malformed. */
    public static Optional<Commitment> parseExtension(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(" ", -1);
        if (parts.length != 2 || !parts[0].matches("0|[1-9][0-9]{0,17}")) {
            return Optional.empty();
        }
        try {
            byte[] root = Base64.getDecoder().decode(parts[1]);
            return root.length == 32 ? Optional.of(new Commitment(Long.parseLong(parts[0]), root)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a checkpoint commits to: the number of cases and the index root. */
    public record Commitment(long cases, byte[] root) {
    }
}
