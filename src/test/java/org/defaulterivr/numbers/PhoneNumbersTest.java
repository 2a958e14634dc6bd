package org.defaulterivr.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The fast path for Chinese mobile numbers answers exactly what libphonenumber answers. */
class PhoneNumbersTest {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final PhoneNumbers numbers = new PhoneNumbers("CN");

    private static Optional<String> libphonenumber(String raw) {
        try {
            var parsed = UTIL.parse(raw, "CN");
            return UTIL.isPossibleNumber(parsed)
                    ? Optional.of(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    @Property(tries = 2_000)
    void mobileNumbersInEveryFormMatchLibphonenumber(@ForAll @IntRange(min = 10, max = 19) int prefix,
            @ForAll @LongRange(min = 0, max = 999_999_999L) long rest, @ForAll @IntRange(min = 0, max = 3) int form) {
        String national = prefix + String.format("%09d", rest);
        String raw = switch (form) {
            case 0 -> national;
            case 1 -> "+86" + national;
            case 2 -> "0086" + national;
            default -> national.substring(0, 10);
        };
        assertEquals(libphonenumber(raw), numbers.toE164(raw), raw);
    }
}
