package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.defaulterivr.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgiEnvironmentTest {

    static List<String> recordings() {
        return Fixtures.names();
    }

    private static AgiEnvironment read(List<String> lines) {
        AgiEnvironment.Reader reader = new AgiEnvironment.Reader(200);
        for (String line : lines) {
            assertFalse(reader.accept(line), "only the blank line ends the block");
        }
        assertTrue(reader.accept(""));
        return reader.environment();
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void everyRecordedEnvironmentBlockIsReadInFull(String name) {
        Fixtures.Dialogue dialogue = Fixtures.load(name);
        AgiEnvironment env = read(dialogue.environment());

        assertEquals(dialogue.environment().size(), env.variables().size());
        assertEquals("yes", env.get("agi_network"));
        assertEquals("20.20.1", env.get("agi_version"));
        assertEquals("", env.get("agi_accountcode"), "the trailing space after the colon is the separator");
        assertTrue(env.uniqueId().matches("\\d+\\.\\d+"));
    }

    @Test
    void theNumberScreenedIsTheFirstArgumentWhenTheDialplanPassesOne() {
        AgiEnvironment env = read(Fixtures.load("early-media-notice.txt").environment());
        assertEquals("early", env.script());
        assertEquals(List.of("4413800000000"), env.arguments());
        assertEquals("4413800000000", env.calledNumber());
        assertEquals("sipp", env.callerNumber(), "not a number, but passed on as it came");
    }

    @Test
    void withoutArgumentsTheExtensionIsScreened() {
        AgiEnvironment env = read(Fixtures.load("screen-replies.txt").environment());
        assertEquals("screen", env.script());
        assertEquals(List.of(), env.arguments());
        assertEquals("13800000000", env.calledNumber());
    }

    @Test
    void extensionSFallsBackToTheDialledNumber() {
        AgiEnvironment env = read(List.of("agi_network_script: screen", "agi_extension: s", "agi_dnid: 13800000001"));
        assertEquals("13800000001", env.calledNumber());
    }

    @Test
    void argumentsStopAtTheFirstGapAndKeepSpacesAndQuotes() {
        AgiEnvironment env = read(List.of("agi_arg_1: exitonhangup", "agi_arg_2: a \"quoted\" value ",
                "agi_arg_4: lost", "agi_calleridname: \"Doe, John\""));
        assertEquals(List.of("exitonhangup", "a \"quoted\" value "), env.arguments());
        assertEquals("\"Doe, John\"", env.get("agi_calleridname"));
    }

    @Test
    void unknownCallerIsNoNumber() {
        AgiEnvironment env = read(List.of("agi_callerid: unknown"));
        assertEquals("", env.callerNumber());
    }

    @Test
    void garbageIsAProtocolError() {
        AgiEnvironment.Reader reader = new AgiEnvironment.Reader(200);
        assertThrows(AgiProtocolException.class, () -> reader.accept("GET / HTTP/1.1"));
        assertThrows(AgiProtocolException.class, () -> new AgiEnvironment.Reader(200).accept(""));
        assertThrows(AgiProtocolException.class, () -> new AgiEnvironment.Reader(200).accept("agi x: y"));
    }

    @Test
    void tooManyHeadersIsAProtocolError() {
        AgiEnvironment.Reader reader = new AgiEnvironment.Reader(3);
        reader.accept("agi_a: 1");
        reader.accept("agi_b: 2");
        reader.accept("agi_c: 3");
        assertThrows(AgiProtocolException.class, () -> reader.accept("agi_d: 4"));
    }

    @Test
    void theProbeCommandsCallsAreToldApartByTheScriptsQueryAndTheChannelIsKept() {
        AgiEnvironment probe = new AgiEnvironment(java.util.Map.of("agi_network_script", "screen?probe=1",
                "agi_channel", "PJSIP/carrier-00000a3f"));
        assertEquals("screen", probe.script());
        assertTrue(probe.probe());
        assertEquals("PJSIP/carrier-00000a3f", probe.channel());
        AgiEnvironment call = new AgiEnvironment(java.util.Map.of("agi_network_script", "screen"));
        assertFalse(call.probe());
        assertEquals("", call.channel());
        assertFalse(new AgiEnvironment(java.util.Map.of("agi_network_script", "screen?probe=0")).probe());
    }
}
