package org.defaulterivr.notice;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The sum a judgment orders paid, as the notice speaks it.
 *
 * <p>{@link #spoken()} writes the number out in English words ("twelve thousand three hundred forty five yuan and
 * sixty seven fen") because a speech synthesiser's own reading of "12,345.67" is unpredictable, and a wrong figure
 * in a court notice is worse than a plain one. Words are separated by spaces, not hyphens, for the same reason.
 *
 * @param value    the amount, not negative, with no more decimals than the currency has
 * @param currency its ISO 4217 currency
 */
public record JudgmentAmount(BigDecimal value, Currency currency) {

    /** Largest amount spoken: the words below stop at trillions. */
    private static final BigDecimal MAX = new BigDecimal("999999999999999.99");

    private record UnitNames(String one, String many, String minorOne, String minorMany) {
        String major(BigInteger n) {
            return n.equals(BigInteger.ONE) ? one : many;
        }

        String minor(BigInteger n) {
            return n.equals(BigInteger.ONE) ? minorOne : minorMany;
        }
    }

    /** Currencies a court in our deployment is likely to state; others fall back to the JDK's English name. */
    private static final Map<String, UnitNames> NAMES = Map.of(
            "CNY", new UnitNames("yuan", "yuan", "fen", "fen"),
            "HKD", new UnitNames("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
            "MOP", new UnitNames("pataca", "patacas", "avo", "avos"),
            "TWD", new UnitNames("New Taiwan dollar", "New Taiwan dollars", "cent", "cents"),
            "USD", new UnitNames("US dollar", "US dollars", "cent", "cents"),
            "EUR", new UnitNames("euro", "euros", "cent", "cents"),
            "GBP", new UnitNames("pound", "pounds", "penny", "pence"),
            "JPY", new UnitNames("yen", "yen", "sen", "sen"));

    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety"};
    private static final String[] SCALES = {"", "thousand", "million", "billion", "trillion"};

    /**
     * @throws InvalidNoticeException if the amount is negative, too large, or has more decimals than the currency
     */
    public JudgmentAmount {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(currency, "currency");
        if (value.signum() < 0) {
            throw new InvalidNoticeException("The judgment amount must not be negative.");
        }
        if (value.compareTo(MAX) > 0) {
            throw new InvalidNoticeException("The judgment amount is too large to be spoken.");
        }
        int digits = currency.getDefaultFractionDigits();
        if (digits >= 0 && value.stripTrailingZeros().scale() > digits) {
            throw new InvalidNoticeException("The judgment amount " + value.toPlainString() + " has more decimals than "
                    + currency.getCurrencyCode() + " allows.");
        }
    }

    /** Convenience for the registry, which stores the ISO code as text. */
    public static JudgmentAmount of(String value, String currencyCode) {
        try {
            return new JudgmentAmount(new BigDecimal(value), Currency.getInstance(currencyCode));
        } catch (IllegalArgumentException e) {    // also NumberFormatException
            throw new InvalidNoticeException("\"" + value + " " + currencyCode + "\" is not an amount of money.", e);
        }
    }

    /** The amount in English words, with its currency's unit names. */
    public String spoken() {
        int digits = currency.getDefaultFractionDigits();
        UnitNames names = NAMES.get(currency.getCurrencyCode());
        BigInteger whole = value.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        if (names != null && digits > 0) {
            BigInteger minor = value.subtract(new BigDecimal(whole)).movePointRight(digits)
                    .setScale(0, RoundingMode.UNNECESSARY).toBigIntegerExact();
            if (minor.signum() == 0) {
                return words(whole) + " " + names.major(whole);
            }
            if (whole.signum() == 0) {
                return words(minor) + " " + names.minor(minor);
            }
            return words(whole) + " " + names.major(whole) + " and " + words(minor) + " " + names.minor(minor);
        }
        if (names != null) {
            return words(whole) + " " + names.major(whole);
        }
        // Unknown unit names: read the decimals digit by digit after "point", as people read prices aloud.
        StringBuilder spoken = new StringBuilder(words(whole));
        String fraction = value.stripTrailingZeros().scale() > 0
                ? value.stripTrailingZeros().toPlainString().replaceFirst("^\\d*\\.", "") : "";
        if (!fraction.isEmpty()) {
            spoken.append(" point");
            for (char c : fraction.toCharArray()) {
                spoken.append(' ').append(ONES[c - '0']);
            }
        }
        return spoken.append(' ').append(currency.getDisplayName(Locale.ENGLISH)).toString();
    }

    /** The amount written out in {@code language}'s words. */
    public String spokenIn(NoticeLanguage language) {
        return language == NoticeLanguage.ZH_CN ? spokenChinese() : spoken();
    }

    private static final String CHINESE_DIGITS = "零一二三四五六七八九";
    private static final String[] CHINESE_GROUP_UNITS = {"", "万", "亿", "万亿"};
    private static final String[] CHINESE_PLACE_UNITS = {"", "十", "百", "千"};

    /**
     * The amount in Chinese numerals as a Mandarin notice speaks it, e.g. 人民币十二万三千四百五十六元七角 for
     * 123456.70 CNY. Written out in characters, not digits, for the same reason as {@link #spoken()}: a voice's own
     * reading of "123456.7" is not to be trusted with a court's figure.
     */
    public String spokenChinese() {
        BigInteger whole = value.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        BigInteger minor = value.subtract(new BigDecimal(whole)).movePointRight(digits)
                .setScale(0, RoundingMode.UNNECESSARY).toBigIntegerExact();
        if (currency.getCurrencyCode().equals("CNY")) {
            int jiao = minor.intValue() / 10;
            int fen = minor.intValue() % 10;
            StringBuilder out = new StringBuilder("人民币");
            if (whole.signum() > 0 || minor.signum() == 0) {
                out.append(chineseNumber(whole.longValueExact())).append('元');
            }
            if (jiao > 0) {
                out.append(CHINESE_DIGITS.charAt(jiao)).append('角');
            } else if (fen > 0 && whole.signum() > 0) {
                out.append('零');
            }
            if (fen > 0) {
                out.append(CHINESE_DIGITS.charAt(fen)).append('分');
            }
            return out.toString();
        }
        StringBuilder out = new StringBuilder(chineseNumber(whole.longValueExact()));
        String fraction = value.stripTrailingZeros().scale() > 0
                ? value.stripTrailingZeros().toPlainString().replaceFirst("^\\d*\\.", "") : "";
        if (!fraction.isEmpty()) {
            out.append('点');
            fraction.chars().forEach(c -> out.append(CHINESE_DIGITS.charAt(c - '0')));
        }
        return out.append(currency.getDisplayName(Locale.SIMPLIFIED_CHINESE)).toString();
    }

    /** Chinese numerals for a whole number below 10^16, e.g. 10005 is 一万零五 and 12 is 十二. */
    static String chineseNumber(long n) {
        if (n == 0) {
            return "零";
        }
        int[] groups = new int[CHINESE_GROUP_UNITS.length];
        long rest = n;
        for (int i = 0; i < groups.length; i++) {
            groups[i] = (int) (rest % 10_000);
            rest /= 10_000;
        }
        StringBuilder out = new StringBuilder();
        boolean zeroPending = false;
        for (int i = groups.length - 1; i >= 0; i--) {
            if (groups[i] == 0) {
                zeroPending = out.length() > 0;
                continue;
            }
            if (out.length() > 0 && (zeroPending || groups[i] < 1000)) {
                out.append('零');
            }
            out.append(chineseGroup(groups[i])).append(CHINESE_GROUP_UNITS[i]);
            zeroPending = false;
        }
        // 10-19 at the start are said 十, 十一 ... not 一十, 一十一
        return out.length() > 1 && out.charAt(0) == '一' && out.charAt(1) == '十' ? out.substring(1) : out.toString();
    }

    private static String chineseGroup(int group) {
        StringBuilder out = new StringBuilder();
        boolean zero = false;
        for (int place = 3; place >= 0; place--) {
            int digit = group / (int) Math.pow(10, place) % 10;
            if (digit == 0) {
                zero = out.length() > 0;
                continue;
            }
            if (zero) {
                out.append('零');
                zero = false;
            }
            out.append(CHINESE_DIGITS.charAt(digit)).append(CHINESE_PLACE_UNITS[place]);
        }
        return out.toString();
    }

    /** English words for a whole number below one quadrillion, e.g. "one million two hundred five". */
    static String words(BigInteger n) {
        if (n.signum() == 0) {
            return ONES[0];
        }
        long rest = n.longValueExact();
        StringBuilder out = new StringBuilder();
        for (int scale = SCALES.length - 1; scale >= 0; scale--) {
            long unit = (long) Math.pow(1000, scale);
            int group = (int) (rest / unit);
            rest %= unit;
            if (group == 0) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(belowThousand(group));
            if (!SCALES[scale].isEmpty()) {
                out.append(' ').append(SCALES[scale]);
            }
        }
        return out.toString();
    }

    private static String belowThousand(int n) {
        StringBuilder out = new StringBuilder();
        if (n >= 100) {
            out.append(ONES[n / 100]).append(" hundred");
            n %= 100;
            if (n > 0) {
                out.append(' ');
            }
        }
        if (n >= 20) {
            out.append(TENS[n / 10]);
            if (n % 10 > 0) {
                out.append(' ').append(ONES[n % 10]);
            }
        } else if (n > 0) {
            out.append(ONES[n]);
        }
        return out.toString();
    }
}
