package org.defaulterivr.numbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;

/** Turns numbers as carriers present them (national, with trunk prefix, 00-international, +E.164) into E.164. */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** E.164 form of {@code raw}, or empty when it is not a possible phone number (Asterisk's "unknown", short codes). */
    public Optional<String> toE164(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 40) {
            return Optional.empty();
        }
        String fast = chineseMobile(raw);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(raw, defaultRegion);
            if (!UTIL.isPossibleNumber(parsed)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The one form that is most of the traffic where the default region is CN: an 11-digit mobile number (1 and
     * ten digits), bare or after +86. libphonenumber gives the same answer in microseconds; this in nanoseconds.
     * Anything else, null: libphonenumber decides.
     */
    private String chineseMobile(String raw) {
        if (!"CN".equals(defaultRegion)) {
            return null;
        }
        int start = raw.startsWith("+86") ? 3 : 0;
        if (raw.length() - start != 11 || raw.charAt(start) != '1' || raw.charAt(start + 1) < '3') {
            return null;
        }
        for (int i = start; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return "+86" + raw.substring(start);
    }

    /**
     * E.164 of {@code raw}, or a reason it is not valid, for input that people type (the registry API). Only digits
     * and the separators people write between them (spaces, {@code -}, parentheses, one leading {@code +}) are
     * accepted: libphonenumber would turn letters into digits (1380000ABCD as 13800002223), listing someone else.
     */
    public String requireValidE164(String raw) {
        if (raw == null || raw.length() > 40) {
            throw new InvalidNumber("phone.tooLong", "is not a phone number (at most 40 characters of digits)");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean separator = c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0);
            if (!separator && !Character.isDigit(c)) {
                throw new InvalidNumber("phone.characters", "'" + raw + "' is not a phone number: only digits, spaces, '-', "
                        + "'(', ')' and a leading '+' are allowed");
            }
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(raw, defaultRegion);
            if (!UTIL.isValidNumber(parsed)) {
                throw new InvalidNumber("phone.invalid", "'" + raw + "' is not a valid phone number for its region");
            }
            return UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new InvalidNumber("phone.unreadable", "'" + raw + "' is not a phone number: " + e.getMessage());
        }
    }

    /** A typed number that is not valid: the reason in English, and a stable code for it ({@code phone.invalid}). */
    public static final class InvalidNumber extends IllegalArgumentException {
        private final String code;

        public InvalidNumber(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
