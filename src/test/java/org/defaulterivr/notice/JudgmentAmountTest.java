package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class JudgmentAmountTest {

    private static String spoken(String value, String currency) {
        return JudgmentAmount.of(value, currency).spoken();
    }

    @Test
    void amountsAreSpokenInWordsWithUnitNames() {
        assertEquals("twelve thousand three hundred forty five yuan and sixty seven fen", spoken("12345.67", "CNY"));
        assertEquals("one million yuan", spoken("1000000.00", "CNY"));
        assertEquals("fifty fen", spoken("0.50", "CNY"));
        assertEquals("one US dollar and one cent", spoken("1.01", "USD"));
        assertEquals("two hundred pounds and one penny", spoken("200.01", "GBP"));
        assertEquals("five hundred thousand yen", spoken("500000", "JPY"));
        assertEquals("zero yuan", spoken("0", "CNY"));
    }

    @Test
    void unlistedCurrencyReadsDecimalsAfterPoint() {
        assertEquals("one thousand five point two five Swiss Franc", spoken("1005.25", "CHF"));
    }

    @Test
    void largeNumbersUseEnglishScales() {
        assertEquals("nine hundred ninety nine trillion nine hundred ninety nine billion nine hundred ninety nine "
                        + "million nine hundred ninety nine thousand nine hundred ninety nine",
                JudgmentAmount.words(new BigInteger("999999999999999")));
        assertEquals("one billion two hundred five", JudgmentAmount.words(new BigInteger("1000000205")));
        assertEquals("eleven thousand", JudgmentAmount.words(BigInteger.valueOf(11000)));
    }

    @Test
    void impossibleAmountsAreRefused() {
        assertThrows(InvalidNoticeException.class, () -> JudgmentAmount.of("-1", "CNY"));
        assertThrows(InvalidNoticeException.class, () -> JudgmentAmount.of("1.005", "CNY"));   // not rounded silently
        assertThrows(InvalidNoticeException.class, () -> JudgmentAmount.of("1000000000000000", "CNY"));
        assertThrows(InvalidNoticeException.class, () -> JudgmentAmount.of("12,345", "CNY"));
        assertThrows(InvalidNoticeException.class, () -> JudgmentAmount.of("1", "XYZ"));
        assertEquals("one yuan", new JudgmentAmount(new BigDecimal("1.000"), Currency.getInstance("CNY")).spoken());
    }
}
