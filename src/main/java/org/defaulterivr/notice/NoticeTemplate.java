package org.defaulterivr.notice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A court's notice wording with placeholders, checked when the court saves it and filled per case.
 *
 * <p>Placeholders are {@code {court}}, {@code {case}}, {@code {debtor}} and {@code {amount}}, lower case. Any other
 * text in braces, or a stray brace, is refused, so a typo cannot be read out to callers.
 *
 * <p>{@code {debtor}} and {@code {amount}} name personal data: a template may contain them only if the court has
 * opted in ({@link #speaksDebtor}, {@link #speaksAmount}); otherwise the template itself is refused. We refuse rather
 * than substitute a neutral phrase because the court approved this exact wording, and silently replacing part of it
 * would make the notice say something nobody approved. (If a court later opts out, its template must be re-saved.)
 *
 * <p>When filled, the case number's digits are spaced out so they are read one by one ("two zero two four"), as a
 * reference number should be, and the amount is written in words (see {@link JudgmentAmount#spoken()}).
 *
 * @param text         the wording, at most {@link #MAX_TEXT_CHARS} characters
 * @param speaksDebtor whether the court opted in to speaking the debtor's name
 * @param speaksAmount whether the court opted in to speaking the judgment amount
 * @param language     the language it is written and spoken in (the amount is written out in that language)
 */
public record NoticeTemplate(String text, boolean speaksDebtor, boolean speaksAmount, NoticeLanguage language) {

    public static final int MAX_TEXT_CHARS = 1000;

    /** What a court gets until it writes its own. */
    public static final String DEFAULT_TEXT = "You are calling a person listed by {court} in case {case} as a judgment "
            + "defaulter. Please urge them to comply with the court's judgment. Your call will now be connected.";

    /** What a Mandarin-speaking court gets until it writes its own. */
    public static final String DEFAULT_TEXT_ZH_CN = "您呼叫的用户已被{court}列为失信被执行人，案号{case}。"
            + "请督促其履行法院判决确定的义务。现在为您接通电话。";

    /** The stock wording in a language. */
    public static String defaultText(NoticeLanguage language) {
        return language == NoticeLanguage.ZH_CN ? DEFAULT_TEXT_ZH_CN : DEFAULT_TEXT;
    }

    /** An English wording. */
    public NoticeTemplate(String text, boolean speaksDebtor, boolean speaksAmount) {
        this(text, speaksDebtor, speaksAmount, NoticeLanguage.EN);
    }

    /** The words that may appear in braces. */
    public enum Placeholder {
        COURT, CASE, DEBTOR, AMOUNT;

        /** How it is written in a template, e.g. {@code {court}}. */
        public String token() {
            return "{" + name().toLowerCase(java.util.Locale.ROOT) + "}";
        }
    }

    private sealed interface Part permits Literal, Slot {
    }

    private record Literal(String text) implements Part {
    }

    private record Slot(Placeholder placeholder) implements Part {
    }

    /** @throws InvalidNoticeException if the wording is blank, too long, or uses a placeholder it may not */
    public NoticeTemplate {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        if (text.isBlank()) {
            throw new InvalidNoticeException("The notice template is empty.");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InvalidNoticeException("The notice template is " + text.length()
                    + " characters long; it may be at most " + MAX_TEXT_CHARS + ".");
        }
        Set<Placeholder> used = placeholdersIn(parse(text));
        if (used.contains(Placeholder.DEBTOR) && !speaksDebtor) {
            throw new InvalidNoticeException("The template contains {debtor}, but this court has not chosen to have "
                    + "the debtor's name spoken. Remove {debtor} or turn that option on.");
        }
        if (used.contains(Placeholder.AMOUNT) && !speaksAmount) {
            throw new InvalidNoticeException("The template contains {amount}, but this court has not chosen to have "
                    + "the judgment amount spoken. Remove {amount} or turn that option on.");
        }
    }

    /** The default English wording, with neither the debtor's name nor the amount. */
    public static NoticeTemplate defaultEnglish() {
        return new NoticeTemplate(DEFAULT_TEXT, false, false);
    }

    /** The placeholders this template uses. */
    public Set<Placeholder> placeholders() {
        return Collections.unmodifiableSet(placeholdersIn(parse(text)));
    }

    /**
     * Fills the placeholders with the case's facts. Values are inserted as plain text (braces in them are not
     * expanded again) with control characters and runs of whitespace reduced to single spaces.
     *
     * @throws InvalidNoticeException if the template uses a placeholder whose value is blank or absent
     */
    public String render(NoticeFacts facts) {
        Objects.requireNonNull(facts, "facts");
        StringBuilder out = new StringBuilder();
        for (Part part : parse(text)) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof Slot slot) {
                out.append(valueFor(slot.placeholder(), facts, language));
            }
        }
        return out.toString();
    }

    private static String valueFor(Placeholder placeholder, NoticeFacts facts, NoticeLanguage language) {
        return switch (placeholder) {
            case COURT -> required(facts.courtName(), "the court's name");
            case CASE -> spaceDigits(required(facts.caseNumber(), "the case number"));
            case DEBTOR -> required(facts.debtorName().orElse(""), "the debtor's name");
            case AMOUNT -> facts.amount()
                    .orElseThrow(() -> new InvalidNoticeException("The template speaks the amount, but this case has "
                            + "no judgment amount."))
                    .spokenIn(language);
        };
    }

    private static String required(String value, String what) {
        String clean = value.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (clean.isEmpty()) {
            throw new InvalidNoticeException("The template speaks " + what + ", but it is missing for this case.");
        }
        return clean;
    }

    /** "(2024) Jing 0105" becomes "(2 0 2 4) Jing 0 1 0 5": a case number is read digit by digit. */
    static String spaceDigits(String s) {
        return s.replaceAll("(?<=\\d)(?=\\d)", " ");
    }

    private static List<Part> parse(String text) {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf('{', pos);
            int close = text.indexOf('}', pos);
            if (close >= 0 && (open < 0 || close < open)) {
                throw new InvalidNoticeException("The template has a \"}\" without a matching \"{\" (at character "
                        + (close + 1) + ").");
            }
            if (open < 0) {
                parts.add(new Literal(text.substring(pos)));
                break;
            }
            if (open > pos) {
                parts.add(new Literal(text.substring(pos, open)));
            }
            if (close < 0) {
                throw new InvalidNoticeException("The template has a \"{\" without a matching \"}\" (at character "
                        + (open + 1) + ").");
            }
            String token = text.substring(open, close + 1);
            parts.add(new Slot(placeholderFor(token)));
            pos = close + 1;
        }
        return parts;
    }

    private static Placeholder placeholderFor(String token) {
        for (Placeholder p : Placeholder.values()) {
            if (p.token().equals(token)) {
                return p;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (Placeholder p : Placeholder.values()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(p.token());
        }
        throw new InvalidNoticeException("The template contains " + token + ", which is not a known placeholder. "
                + "Allowed: " + allowed + ".");
    }

    private static Set<Placeholder> placeholdersIn(List<Part> parts) {
        Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
        for (Part part : parts) {
            if (part instanceof Slot slot) {
                used.add(slot.placeholder());
            }
        }
        return used;
    }
}
