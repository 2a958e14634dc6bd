package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import java.util.Set;
import org.defaulterivr.notice.NoticeTemplate.Placeholder;
import org.junit.jupiter.api.Test;

class NoticeTemplateTest {

    private static final NoticeFacts FACTS = new NoticeFacts("the Chaoyang District People's Court",
            "(2024) Jing 0105 Zhi 1234", Optional.of("Zhang San"),
            Optional.of(new JudgmentAmount(new BigDecimal("12345.67"), Currency.getInstance("CNY"))));

    @Test
    void defaultTemplateNamesCourtAndCaseOnly() {
        NoticeTemplate template = NoticeTemplate.defaultEnglish();

        assertEquals(Set.of(Placeholder.COURT, Placeholder.CASE), template.placeholders());
        assertEquals("You are calling a person listed by the Chaoyang District People's Court in case "
                        + "(2 0 2 4) Jing 0 1 0 5 Zhi 1 2 3 4 as a judgment defaulter. Please urge them to comply with "
                        + "the court's judgment. Your call will now be connected.",
                template.render(FACTS));
    }

    @Test
    void optedInCourtSpeaksDebtorAndAmount() {
        NoticeTemplate template = new NoticeTemplate("{debtor} owes {amount} under case {case} of {court}.", true, true);

        assertEquals("Zhang San owes twelve thousand three hundred forty five yuan and sixty seven fen under case "
                + "(2 0 2 4) Jing 0 1 0 5 Zhi 1 2 3 4 of the Chaoyang District People's Court.", template.render(FACTS));
    }

    @Test
    void templateMentioningDebtorOrAmountIsRefusedUnlessTheCourtOptedIn() {
        InvalidNoticeException debtor = assertThrows(InvalidNoticeException.class,
                () -> new NoticeTemplate("Listed: {debtor}.", false, true));
        assertTrue(debtor.getMessage().contains("{debtor}"), debtor.getMessage());
        InvalidNoticeException amount = assertThrows(InvalidNoticeException.class,
                () -> new NoticeTemplate("Owes {amount}.", true, false));
        assertTrue(amount.getMessage().contains("{amount}"), amount.getMessage());
    }

    @Test
    void optedOutCourtNeverSpeaksTheDebtorEvenIfTheCaseHasOne() {
        String spoken = NoticeTemplate.defaultEnglish().render(FACTS);

        assertTrue(!spoken.contains("Zhang") && !spoken.contains("yuan"), spoken);
    }

    @Test
    void unknownOrMistypedPlaceholdersAreRefused() {
        for (String text : new String[] {"Case {caseno}.", "Court {Court}.", "Court { court }.", "Court {}."}) {
            InvalidNoticeException e = assertThrows(InvalidNoticeException.class,
                    () -> new NoticeTemplate(text, true, true), text);
            assertTrue(e.getMessage().contains("not a known placeholder"), e.getMessage());
        }
    }

    @Test
    void strayBracesAreRefused() {
        assertThrows(InvalidNoticeException.class, () -> new NoticeTemplate("Court {court.", false, false));
        assertThrows(InvalidNoticeException.class, () -> new NoticeTemplate("Court court}.", false, false));
    }

    @Test
    void emptyOrOverlongTemplateIsRefused() {
        assertThrows(InvalidNoticeException.class, () -> new NoticeTemplate("  ", false, false));
        assertThrows(InvalidNoticeException.class,
                () -> new NoticeTemplate("a".repeat(NoticeTemplate.MAX_TEXT_CHARS + 1), false, false));
    }

    @Test
    void valuesAreInsertedLiterallyNotExpandedAgain() {
        NoticeFacts sneaky = NoticeFacts.of("{debtor}\n court", "A-1");

        assertEquals("By {debtor} court in A-1.", new NoticeTemplate("By {court} in {case}.", false, false).render(sneaky));
    }

    @Test
    void missingValueForAUsedPlaceholderIsAnError() {
        NoticeTemplate speaksDebtor = new NoticeTemplate("{debtor} is listed by {court}.", true, false);

        assertThrows(InvalidNoticeException.class, () -> speaksDebtor.render(NoticeFacts.of("a court", "1")));
        assertThrows(InvalidNoticeException.class,
                () -> NoticeTemplate.defaultEnglish().render(NoticeFacts.of(" ", "1")));
    }

    @Test
    void aMandarinTemplateSpeaksTheCourtAndCaseAsWrittenAndTheAmountInChineseNumerals() {
        NoticeFacts facts = new NoticeFacts("成都市武侯区人民法院", "(2024)川0105执123号", Optional.of("张三"),
                Optional.of(new JudgmentAmount(new BigDecimal("123456.70"), Currency.getInstance("CNY"))));
        String stock = new NoticeTemplate(NoticeTemplate.defaultText(NoticeLanguage.ZH_CN), false, false,
                NoticeLanguage.ZH_CN).render(facts);
        assertTrue(stock.startsWith("您呼叫的用户已被成都市武侯区人民法院列为失信被执行人，案号(2 0 2 4)川0 1 0 5执1 2 3号。"), stock);
        assertEquals("张三尚欠人民币十二万三千四百五十六元七角。", new NoticeTemplate("{debtor}尚欠{amount}。", true, true,
                NoticeLanguage.ZH_CN).render(facts));
    }
}
