package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Random input against the FastAGI parsers: they read what Asterisk writes and refuse the rest, nothing else. */
class AgiParserPropertiesTest {

    @Property(tries = 10_000)
    void anyLineIsEitherAVariableOrAProtocolError(@ForAll @StringLength(max = 300) String line) {
        AgiEnvironment.Reader reader = new AgiEnvironment.Reader(200);
        try {
            reader.accept(line);
        } catch (AgiProtocolException expected) {
            // refused: the session is closed, nothing else happens
        }
    }

    @Property(tries = 10_000)
    void anyReplyLineIsUnderstoodOrRefused(@ForAll @Size(max = 6) java.util.List<@StringLength(max = 120) String> lines) {
        AgiReply.Reader reader = new AgiReply.Reader(64);
        for (String line : lines) {
            try {
                reader.accept(line);
            } catch (AgiProtocolException refused) {
                return;
            }
        }
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1)
                .ofMaxLength(20).map(n -> "agi_" + n);
        Arbitrary<String> values = Arbitraries.strings().ascii().ofMaxLength(80)
                .filter(v -> v.indexOf('\n') < 0 && v.indexOf('\r') < 0);
        return Arbitraries.maps(names, values).ofMinSize(1).ofMaxSize(30).map(LinkedHashMap::new);
    }

    @Property(tries = 10_000)
    void everyWellFormedEnvironmentReadsBackExactly(@ForAll("environments") Map<String, String> variables) {
        AgiEnvironment.Reader reader = new AgiEnvironment.Reader(200);
        variables.forEach((name, value) -> reader.accept(name + ": " + value));
        reader.accept("");
        assertEquals(variables, reader.environment().variables());
    }

    @Provide
    Arbitrary<String> data() {
        return Arbitraries.strings().alpha().numeric().withChars(' ', '-', '.').ofMaxLength(30);
    }

    @Property(tries = 10_000)
    void everySuccessReplyReadsBackExactly(@ForAll @IntRange(min = -1, max = 255) int result,
            @ForAll("data") String data, @ForAll @IntRange(min = 0, max = 10_000_000) int endpos,
            @ForAll boolean withData, @ForAll boolean withEndpos) {
        String line = "200 result=" + result + (withData ? " (" + data + ")" : "")
                + (withEndpos ? " endpos=" + endpos : "");
        AgiReply reply = assertInstanceOf(AgiReply.Complete.class, new AgiReply.Reader(64).accept(line)).reply();
        assertEquals(result, reply.result());
        assertEquals(withData ? data : null, reply.data());
        assertEquals(withEndpos ? endpos : -1, reply.longAttribute("endpos", -1));
    }

    @Property(tries = 2_000)
    void aUsageReplyOfAnyLengthUpToTheCapCompletes(@ForAll @IntRange(min = 0, max = 60) int bodyLines) {
        AgiReply.Reader reader = new AgiReply.Reader(64);
        assertInstanceOf(AgiReply.Partial.class, reader.accept("520-Invalid command syntax.  Proper usage follows:"));
        for (int i = 0; i < bodyLines; i++) {
            assertInstanceOf(AgiReply.Partial.class, reader.accept("usage line " + i));
        }
        AgiReply reply = assertInstanceOf(AgiReply.Complete.class, reader.accept("520 End of proper usage.")).reply();
        assertEquals(AgiReply.USAGE, reply.status());
        // and the reader is ready for the next reply
        assertInstanceOf(AgiReply.Complete.class, reader.accept("200 result=1"));
    }

}
