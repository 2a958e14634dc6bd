package org.defaulterivr.registry;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.defaulterivr.numbers.IdNumbers;
import org.defaulterivr.numbers.PhoneNumbers;

/**
 * What a court may register: the rules of a case, checked whole so that a clerk learns of every mistake at once.
 * Plain code, no I/O.
 *
 * <ul>
 *   <li>case number (1-100 characters), legal basis (the decision's document number, 1-200), debtor's name (1-200);
 *   <li>the ID number only masked ({@link IdNumbers}); optional;
 *   <li>the court's attestation that the debtor is an adult: minors may not be listed;
 *   <li>the amount exact, not negative, at most two decimals (and no more than the currency has), below
 *       10<sup>16</sup>, with an ISO 4217 currency;
 *   <li>1-{@value #MAX_NUMBERS} valid phone numbers, stored in E.164; duplicates count once;
 *   <li>no full resident ID number in any text (the debtor's name, the case number, the legal basis);
 *   <li>the amount more than zero (a listing is for a debt);
 *   <li>a window (ISO 8601 instants with an offset) that ends after it starts, has not ended yet, and lasts at most
 *       the configured maximum term; the start defaults to now, and lies between {@value #EARLIEST_START_TEXT} and
 *       {@value #MAX_DAYS_AHEAD} days from now (a court lists what is in force, not what may be one day), so every
 *       instant stored is one PostgreSQL, the index and the evidence formats all hold;
 *   <li>up to {@value #MAX_NUMBERS} exempt callers (the debtor's counsel), valid phone numbers.
 * </ul>
 */
public final class CaseRules {
    public static final int MAX_NUMBERS = 20;
    static final String EARLIEST_START_TEXT = "2000-01-01T00:00:00Z";
    /** No window starts before this: the registry did not exist, and older instants are typing mistakes. */
    public static final Instant EARLIEST_START = Instant.parse(EARLIEST_START_TEXT);
    /** How far ahead a window may start. */
    public static final int MAX_DAYS_AHEAD = 366;
    /** The longest term any configuration may give: the index holds windows of up to 6.8 years. */
    public static final Duration LONGEST_TERM = Duration.ofDays(5 * 366);
    private static final BigDecimal AMOUNT_LIMIT = new BigDecimal("10000000000000000");

    private final PhoneNumbers phoneNumbers;
    private final Duration maxTerm;

    public CaseRules(PhoneNumbers phoneNumbers, Duration maxTerm) {
        this.phoneNumbers = phoneNumbers;
        this.maxTerm = maxTerm.compareTo(LONGEST_TERM) > 0 ? LONGEST_TERM : maxTerm;
    }

    public Duration maxTerm() {
        return maxTerm;
    }

    /** A new case. @throws InvalidCaseException naming every field at fault */
    public ValidCase register(CaseDraft draft, Instant now) {
        List<Violation> violations = new ArrayList<>();
        String caseNumber = text(draft.caseNumber(), "caseNumber", 100, violations);
        String legalBasis = text(draft.legalBasis(), "legalBasis", 200, violations);
        String debtorName = text(draft.debtorName(), "debtorName", 200, violations);
        noIdNumber(caseNumber, "caseNumber", violations);
        noIdNumber(legalBasis, "legalBasis", violations);
        noIdNumber(debtorName, "debtorName", violations);
        String idMasked = IdNumbers.normalise(draft.debtorIdMasked());
        IdNumbers.problemWith(idMasked).ifPresent(p -> violations.add(new Violation("debtorIdMasked", "idNumber.invalid", p)));
        if (!Boolean.TRUE.equals(draft.debtorIsAdult())) {
            violations.add(new Violation("debtorIsAdult", "debtor.minor", "minors may not be listed: the court must attest that the "
                    + "debtor is an adult (debtorIsAdult: true)"));
        }
        String currency = currency(draft.currency(), violations);
        BigDecimal amount = amount(draft.amount(), currency, violations);
        java.util.Map<String, String> typed = new java.util.HashMap<>();
        List<String> numbers = numbers(draft.numbers(), "numbers", true, violations, typed);
        List<String> exempt = numbers(draft.exemptCallers(), "exemptCallers", false, violations);
        Instant from = draft.validFrom() == null ? now : instant(draft.validFrom(), "validFrom", violations);
        Instant until = instant(draft.validUntil(), "validUntil", violations);
        window(from, until, now, violations);
        if (!violations.isEmpty()) {
            throw new InvalidCaseException(violations);
        }
        return new ValidCase(caseNumber, legalBasis, debtorName, idMasked == null || idMasked.isEmpty() ? null : idMasked,
                amount, currency, numbers, from, until, exempt, typed);
    }

    /**
     * An amendment of {@code current}: the draft's non-null amount, currency, window, numbers and exempt callers
     * replace the current ones; other fields of the draft must be null.
     *
     * @throws InvalidCaseException naming every field at fault
     */
    public ValidCase amend(ValidCase current, CaseDraft patch, Instant now) {
        List<Violation> violations = new ArrayList<>();
        String currency = patch.currency() == null ? current.currency() : currency(patch.currency(), violations);
        BigDecimal amount = current.amount();
        if (patch.amount() != null || patch.currency() != null) {
            amount = amount(patch.amount() == null ? current.amount().toPlainString() : patch.amount(), currency,
                    violations);
        }
        java.util.Map<String, String> typed = new java.util.HashMap<>();
        List<String> numbers = patch.numbers() == null ? current.numbers()
                : numbers(patch.numbers(), "numbers", true, violations, typed);
        List<String> exempt = patch.exemptCallers() == null ? current.exemptCallers()
                : numbers(patch.exemptCallers(), "exemptCallers", false, violations);
        Instant from = patch.validFrom() == null ? current.validFrom() : instant(patch.validFrom(), "validFrom", violations);
        Instant until = patch.validUntil() == null ? current.validUntil()
                : instant(patch.validUntil(), "validUntil", violations);
        if (patch.validFrom() != null || patch.validUntil() != null) {
            window(from, until, now, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidCaseException(violations);
        }
        return new ValidCase(current.caseNumber(), current.legalBasis(), current.debtorName(), current.debtorIdMasked(),
                amount, currency, numbers, from, until, exempt, typed);
    }

    /** One phone number as typed, in E.164. @throws InvalidCaseException if it is not a valid number */
    public String phoneNumber(String raw, String field) {
        List<Violation> violations = new ArrayList<>();
        List<String> one = numbers(raw == null ? null : List.of(raw), field, true, violations);
        if (!violations.isEmpty()) {
            throw new InvalidCaseException(List.of(new Violation(field, violations.get(0).code(),
                    violations.get(0).message())));
        }
        return one.get(0);
    }

    private static String text(String raw, String field, int max, List<Violation> violations) {
        String clean = raw == null ? "" : raw.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (!wellFormed(clean)) {
            violations.add(new Violation(field, "text.notUnicode", "is not valid Unicode (a lone surrogate): nothing was changed"));
        } else if (clean.isEmpty()) {
            violations.add(new Violation(field, "text.required", "is required"));
        } else if (clean.length() > max) {
            violations.add(new Violation(field, "text.tooLong", "may be at most " + max + " characters"));
        }
        return clean;
    }

    /** True when every surrogate is one of a pair: text PostgreSQL stores as it is, not as '?'. */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void noIdNumber(String text, String field, List<Violation> violations) {
        if (IdNumbers.containsFullNumber(text)) {
            violations.add(new Violation(field, "text.fullIdNumber", "holds a full resident ID number, which is never stored; the masked "
                    + "number goes in debtorIdMasked"));
        }
    }

    private static String currency(String raw, List<Violation> violations) {
        if (raw == null || raw.isBlank()) {
            violations.add(new Violation("currency", "currency.required", "is required (an ISO 4217 code such as CNY)"));
            return null;
        }
        String code = raw.strip();
        try {
            if (code.matches("[A-Z]{3}")) {
                return Currency.getInstance(code).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        violations.add(new Violation("currency", "currency.unknown", "'" + code + "' is not an ISO 4217 currency code such as CNY"));
        return null;
    }

    /** Parsing a decimal costs time quadratic in its digits: nothing longer than an amount can be is parsed. */
    private static final int MAX_AMOUNT_CHARS = 40;

    private static BigDecimal amount(String raw, String currency, List<Violation> violations) {
        if (raw == null || raw.isBlank()) {
            violations.add(new Violation("amount", "amount.required", "is required (a decimal such as \"12345.67\")"));
            return null;
        }
        if (raw.length() > MAX_AMOUNT_CHARS) {
            violations.add(new Violation("amount", "amount.tooLong", "is too long to be an amount"));
            return null;
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            violations.add(new Violation("amount", "amount.notDecimal", "is not a decimal number (write it like \"12345.67\")"));
            return null;
        }
        if (amount.signum() <= 0) {
            violations.add(new Violation("amount", amount.signum() == 0 ? "amount.zero" : "amount.negative",
                    amount.signum() == 0 ? "must be more than zero (a listing is for a debt)"
                    : "must not be negative"));
            return null;
        }
        int decimals = Math.max(0, amount.stripTrailingZeros().scale());
        int allowed = currency == null ? 2 : Math.min(2, Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()));
        if (decimals > allowed) {
            violations.add(new Violation("amount", "amount.decimals", "may have at most " + allowed + " decimal places"
                    + (currency == null ? "" : " in " + currency)));
            return null;
        }
        if (amount.compareTo(AMOUNT_LIMIT) >= 0) {
            violations.add(new Violation("amount", "amount.tooLarge", "is too large (at most 16 digits before the decimal point)"));
            return null;
        }
        return amount.setScale(2);
    }

    private List<String> numbers(List<String> raw, String field, boolean required, List<Violation> violations) {
        return numbers(raw, field, required, violations, new java.util.HashMap<>());
    }

    /** As above; {@code typed} gets each valid number as typed (stripped, at most 40 characters), by E.164. */
    private List<String> numbers(List<String> raw, String field, boolean required, List<Violation> violations,
            java.util.Map<String, String> typed) {
        if (raw == null || raw.isEmpty()) {
            if (required) {
                violations.add(new Violation(field, "numbers.required", "at least one phone number is required"));
            }
            return List.of();
        }
        if (raw.size() > MAX_NUMBERS) {
            violations.add(new Violation(field, "numbers.tooMany", "at most " + MAX_NUMBERS + " numbers"));
            return List.of();
        }
        Set<String> valid = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String number = raw.get(i);
            try {
                if (number == null || number.isBlank()) {
                    throw new PhoneNumbers.InvalidNumber("phone.empty", "is empty");
                }
                String e164 = phoneNumbers.requireValidE164(number.strip());
                valid.add(e164);
                typed.putIfAbsent(e164, number.strip());
            } catch (PhoneNumbers.InvalidNumber e) {
                violations.add(new Violation(field + "[" + i + "]", e.code(), e.getMessage()));
            }
        }
        return List.copyOf(valid);
    }

    private static Instant instant(String raw, String field, List<Violation> violations) {
        if (raw == null || raw.isBlank()) {
            violations.add(new Violation(field, "time.required", "is required (an ISO 8601 time with offset, e.g. 2027-01-31T00:00:00+08:00)"));
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip()).toInstant();
        } catch (DateTimeException e) {
            violations.add(new Violation(field, "time.invalid", "'" + raw.strip() + "' is not an ISO 8601 time with offset, e.g. "
                    + "2027-01-31T00:00:00+08:00"));
            return null;
        }
    }

    private void window(Instant from, Instant until, Instant now, List<Violation> violations) {
        if (from != null && from.isBefore(EARLIEST_START)) {
            violations.add(new Violation("validFrom", "window.tooEarly", "may not be before " + EARLIEST_START_TEXT));
            return;
        }
        if (from != null && from.isAfter(now.plus(Duration.ofDays(MAX_DAYS_AHEAD)))) {
            violations.add(new Violation("validFrom", "window.tooFarAhead", "may be at most " + MAX_DAYS_AHEAD + " days from now"));
            return;
        }
        if (from == null || until == null) {
            return;
        }
        if (!until.isAfter(from)) {
            violations.add(new Violation("validUntil", "window.endsBeforeStart", "must be after validFrom"));
        } else if (!until.isAfter(now)) {
            violations.add(new Violation("validUntil", "window.ended", "has already passed"));
        } else if (Duration.between(from, until).compareTo(maxTerm) > 0) {
            violations.add(new Violation("validUntil", "window.tooLong", "the window may last at most " + maxTerm.toDays()
                    + " days (from validFrom)"));
        }
    }
}
