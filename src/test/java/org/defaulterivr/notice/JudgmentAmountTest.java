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
    void mandarinNoticesSpeakAmountsInChineseNumerals() {
        assertEquals("人民币十二万三千四百五十六元七角", JudgmentAmount.of("123456.70", "CNY").spokenChinese());
        assertEquals("人民币一万零五元零三分", JudgmentAmount.of("10005.03", "CNY").spokenChinese());
        assertEquals("人民币十元", JudgmentAmount.of("10", "CNY").spokenChinese());
        assertEquals("人民币五角", JudgmentAmount.of("0.50", "CNY").spokenChinese());
        assertEquals("人民币零元", JudgmentAmount.of("0", "CNY").spokenChinese());
        assertEquals("一百二十点五美元", JudgmentAmount.of("120.50", "USD").spokenChinese());
        assertEquals(JudgmentAmount.of("1.00", "CNY").spokenChinese(),
                JudgmentAmount.of("1.00", "CNY").spokenIn(NoticeLanguage.ZH_CN));
    }

    @Test
    void chineseNumeralsPlaceZerosAndGroupsOfTenThousand() {
        assertEquals("一千零五", JudgmentAmount.chineseNumber(1005));
        assertEquals("一千零五十", JudgmentAmount.chineseNumber(1050));
        assertEquals("十一", JudgmentAmount.chineseNumber(11));
        assertEquals("一百一十", JudgmentAmount.chineseNumber(110));
        assertEquals("一百万", JudgmentAmount.chineseNumber(1_000_000));
        assertEquals("一亿零一", JudgmentAmount.chineseNumber(100_000_001));
        assertEquals("一亿零一百万", JudgmentAmount.chineseNumber(101_000_000));
        assertEquals("十万零二十", JudgmentAmount.chineseNumber(100_020));
        assertEquals("九百九十九万亿九千九百九十九亿九千九百九十九万九千九百九十九",
                JudgmentAmount.chineseNumber(999_999_999_999_999L));
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
