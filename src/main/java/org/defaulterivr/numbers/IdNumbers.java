package org.defaulterivr.numbers;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The debtor's ID number is never stored whole: the API accepts it only masked with {@code *}, showing at most
 * {@value #MAX_SHOWN} characters (e.g. {@code **************123X}), and refuses anything else rather than mask it
 * itself, so a full number never even reaches the service's memory by design of the client.
 */
public final class IdNumbers {
    public static final int MAX_SHOWN = 4;
    private static final int MAX_LENGTH = 40;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9*]+");
    /** A mainland resident ID: 17 digits and a check character. */
    private static final Pattern RESIDENT_ID = Pattern.compile("\\d{17}[\\dXx]");

    private IdNumbers() {
    }

    /** A resident ID number written anywhere in a text, whole or in groups (not part of a longer run of digits). */
    private static final Pattern RESIDENT_ID_IN_TEXT =
            Pattern.compile("(?<![\\d])(?:\\d[\\s-]?){17}[\\dXx](?![\\dXx])");

    /** Whether {@code text} (a name, a case number) carries a full resident ID number, which is never stored. */
    public static boolean containsFullNumber(String text) {
        return text != null && RESIDENT_ID_IN_TEXT.matcher(text).find();
    }

    /** Spaces and hyphens people type between groups are dropped. */
    public static String normalise(String raw) {
        return raw == null ? null : raw.replaceAll("[\\s-]", "");
    }

    /** Why {@code raw} may not be stored, if it may not; {@code raw} is normalised first. */
    public static Optional<String> problemWith(String raw) {
        String id = normalise(raw);
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        if (RESIDENT_ID.matcher(id).matches()) {
            return Optional.of("this is a full resident ID number, which is never stored: send it masked, showing at "
                    + "most the last " + MAX_SHOWN + " characters, e.g. **************123X");
        }
        if (id.length() > MAX_LENGTH || !ALLOWED.matcher(id).matches()) {
            return Optional.of("the masked ID number may hold only letters, digits and '*', at most " + MAX_LENGTH
                    + " characters");
        }
        long shown = id.chars().filter(c -> c != '*').count();
        long digits = id.chars().filter(Character::isDigit).count();
        if (shown > MAX_SHOWN || !id.contains("*")) {
            return Optional.of("the ID number must be masked with '*', showing at most " + MAX_SHOWN
                    + " characters (this one shows " + shown + (digits == shown ? " digits" : "") + "); a full ID "
                    + "number is never stored");
        }
        return Optional.empty();
    }
}
