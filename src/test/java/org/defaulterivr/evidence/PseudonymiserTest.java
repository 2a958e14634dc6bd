package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static String expected(String digits) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] hash = mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII));
        return "h:" + HexFormat.of().formatHex(hash, 0, 8) + ":" + digits.substring(digits.length() - 2);
    }

    @Test
    void aCallerIsAKeyedHashOfTheDigitsPlusTheLastTwo() throws Exception {
        Pseudonymiser pseudonymiser = new Pseudonymiser(KEY, false);
        assertEquals(expected("+8613912345678"), pseudonymiser.pseudonym("+86 139-1234-5678"));
        // the MAC is reused: a second number is not mixed with the first
        assertEquals(expected("13700000001"), pseudonymiser.pseudonym("13700000001"));
        assertEquals(expected("+8613912345678"), pseudonymiser.pseudonym("+8613912345678"));
    }

    @Test
    void hiddenOrShortCallersAreAnonymousAndNumbersAreKeptOnlyWhenConfigured() {
        Pseudonymiser pseudonymiser = new Pseudonymiser(KEY, false);
        assertEquals("anonymous", pseudonymiser.pseudonym(null));
        assertEquals("anonymous", pseudonymiser.pseudonym("anonymous"));
        assertEquals("anonymous", pseudonymiser.pseudonym("+12"));
        assertEquals("+8613912345678", new Pseudonymiser(KEY, true).pseudonym("+86 139 1234 5678"));
    }

    @Test
    void threadsGetTheSameAnswerConcurrently() throws Exception {
        Pseudonymiser pseudonymiser = new Pseudonymiser(KEY, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = IntStream.range(0, 8).<Callable<Boolean>>mapToObj(t -> () -> {
                for (int i = 0; i < 2_000; i++) {
                    String number = "+86139" + String.format("%08d", (t * 2_000 + i));
                    if (!pseudonymiser.pseudonym(number).equals(expected(number))) {
                        return false;
                    }
                }
                return true;
            }).toList();
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertEquals(true, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
