package org.defaulterivr.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL settings under which an acknowledged commit can be lost, and what each loses. Pure, so the rules are
 * tested from literal values; {@link Database} reads the values with {@code SHOW}.
 */
public final class DurabilitySettings {
    /** The settings read, by their PostgreSQL names. */
    public static final List<String> NAMES = List.of("fsync", "synchronous_commit", "full_page_writes");

    /** What the embedded PostgreSQL runs with (its library's defaults turn fsync and synchronous_commit off). */
    public static final Map<String, String> DURABLE = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    private DurabilitySettings() {
    }

    /** One sentence per setting that can lose a commit; empty when every commit is durable. */
    public static List<String> faults(Map<String, String> shown) {
        List<String> faults = new ArrayList<>();
        if (off(shown.get("fsync"))) {
            faults.add("fsync=off: PostgreSQL never forces its write-ahead log to disk, so a crash of the machine "
                    + "loses or corrupts committed transactions");
        }
        if (off(shown.get("synchronous_commit"))) {
            faults.add("synchronous_commit=off: a commit is acknowledged before its write-ahead log is on disk, so a "
                    + "crash of PostgreSQL loses the last commits");
        }
        if (off(shown.get("full_page_writes"))) {
            faults.add("full_page_writes=off: a page torn by a crash cannot be repaired from the write-ahead log, so "
                    + "committed data can be corrupted");
        }
        return faults;
    }

    private static boolean off(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("off");
    }
}
