package org.defaulterivr.screening;

import org.defaulterivr.index.Listing;

/** What the call path does with one call, decided from memory before any command is sent. */
public sealed interface Decision {

    /** A short name for metrics and logs. */
    String label();

    /** The called number is listed and in force: play the case's notice. */
    record Listed(Listing listing) implements Decision {
        @Override
        public String label() {
            return "listed";
        }
    }

    /** Nothing to play; the call connects at once. */
    record NotListed() implements Decision {
        @Override
        public String label() {
            return "not_listed";
        }
    }

    /** The number is listed, but this caller never hears notices (emergency services, allowlists). */
    record Exempt(Listing listing, String reason) implements Decision {
        @Override
        public String label() {
            return "exempt";
        }
    }

    /** We cannot decide or cannot keep evidence: fail open, the call connects unannounced. */
    record Unavailable(String reason) implements Decision {
        @Override
        public String label() {
            return "unavailable";
        }
    }
}
