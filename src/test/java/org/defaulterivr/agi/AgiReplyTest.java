package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.defaulterivr.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgiReplyTest {

    /** Every line Asterisk sent after the environment, read in order: the complete replies and hang-ups. */
    private static List<AgiReply.Event> events(String fixture) {
        AgiReply.Reader reader = new AgiReply.Reader(64);
        List<AgiReply.Event> events = new ArrayList<>();
        for (String line : Fixtures.load(fixture).asteriskLinesAfterEnvironment()) {
            AgiReply.Event event = reader.accept(line);
            if (!(event instanceof AgiReply.Partial)) {
                events.add(event);
            }
        }
        return events;
    }

    private static AgiReply reply(AgiReply.Event event) {
        return assertInstanceOf(AgiReply.Complete.class, event).reply();
    }

    static List<String> recordings() {
        return Fixtures.names();
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void everyRecordedReplyIsUnderstood(String name) {
        Fixtures.Dialogue dialogue = Fixtures.load(name);
        long commands = dialogue.exchanges().size();
        long replies = events(name).stream().filter(e -> e instanceof AgiReply.Complete).count();
        assertEquals(commands - (name.equals("exit-on-hangup.txt") ? 1 : 0), replies,
                "one reply per command (with AGIEXITONHANGUP the last command gets none)");
    }

    @Test
    void screenRepliesCoverDataEndposUsageAndUnknownCommand() {
        List<AgiReply.Event> events = events("screen-replies.txt");
        assertEquals(1, reply(events.get(0)).result());
        AgiReply getVariable = reply(events.get(1));
        assertEquals(1, getVariable.result());
        assertEquals("sipp", getVariable.data());
        assertEquals(4, reply(events.get(2)).result());
        AgiReply played = reply(events.get(3));
        assertEquals(0, played.result());
        assertEquals(2000, played.longAttribute("endpos", -1));
        AgiReply missing = reply(events.get(4));
        assertEquals(-1, missing.result());
        assertEquals(0, missing.longAttribute("endpos", -1));
        AgiReply usage = reply(events.get(5));
        assertEquals(AgiReply.USAGE, usage.status());
        assertTrue(usage.text().startsWith("Invalid command syntax."));
        assertTrue(usage.text().endsWith("520 End of proper usage."));
        assertEquals(AgiReply.INVALID_COMMAND, reply(events.get(6)).status());
        assertEquals(1, reply(events.get(7)).result());
        assertEquals(8, events.size());
    }

    @Test
    void callerCancellingEarlyMediaGivesMinusOneWithEndposThenAnUnsolicitedHangup() {
        List<AgiReply.Event> events = events("early-media-caller-cancels.txt");
        assertEquals(0, reply(events.get(0)).result());
        AgiReply stream = reply(events.get(1));
        assertEquals(-1, stream.result());
        assertEquals(24160, stream.longAttribute("endpos", -1));
        assertInstanceOf(AgiReply.Hangup.class, events.get(2));
        assertEquals(1, reply(events.get(3)).result());
    }

    @Test
    void deadChannelRepliesAre511() {
        List<AgiReply.Event> events = events("hangup-after-answer.txt");
        assertInstanceOf(AgiReply.Hangup.class, events.get(2));
        assertEquals(AgiReply.DEAD_CHANNEL, reply(events.get(5)).status());
        assertEquals("Command Not Permitted on a dead channel or intercept routine", reply(events.get(5)).text());
        AgiReply getVariable = reply(events.get(4));
        assertEquals(0, getVariable.result());
        assertNull(getVariable.data());
    }

    @Test
    void garbageAndEndlessUsageAreProtocolErrors() {
        assertThrows(AgiProtocolException.class, () -> new AgiReply.Reader(64).accept("hello"));
        assertThrows(AgiProtocolException.class, () -> new AgiReply.Reader(64).accept("200 result=x"));
        assertThrows(AgiProtocolException.class, () -> new AgiReply.Reader(64).accept("200 result=99999999999"));
        AgiReply.Reader reader = new AgiReply.Reader(3);
        reader.accept("520-Invalid");
        reader.accept("a");
        reader.accept("b");
        assertThrows(AgiProtocolException.class, () -> reader.accept("c"));
    }
}
