package org.defaulterivr.simulator;

import java.util.ArrayList;
import java.util.List;

/** The environment block Asterisk 20 sends first, line by line as in the recordings, ended by an empty line. */
final class EnvironmentBlock {
    private static final long THREAD_ID_BASE = 139_655_391_565_504L;

    private EnvironmentBlock() {
    }

    /** The block for {@code script} on a call to the FastAGI server at {@code host:port}. */
    static List<String> of(CallScript script, String host, int port) {
        var s = script;
        List<String> env = new ArrayList<>();
        env.add("agi_network: yes");
        if (!s.scriptName().isEmpty()) {
            env.add("agi_network_script: " + s.scriptName());
        }
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        env.add("agi_request: agi://" + hostPart + ":" + port
                + (s.scriptName().isEmpty() ? "" : "/" + s.scriptName()));
        env.add("agi_channel: " + s.channelName());
        env.add("agi_language: en");
        env.add("agi_type: PJSIP");
        env.add("agi_uniqueid: " + s.uniqueId());
        env.add("agi_version: " + AsteriskSimulator.ASTERISK_VERSION);
        env.add("agi_callerid: " + s.callerNumber());
        env.add("agi_calleridname: " + s.callerName());
        env.add("agi_callingpres: 0");
        env.add("agi_callingani2: 0");
        env.add("agi_callington: 0");
        env.add("agi_callingtns: 0");
        env.add("agi_dnid: " + s.calledNumber());
        env.add("agi_rdnis: unknown");
        env.add("agi_context: " + s.position().context());
        env.add("agi_extension: " + s.position().extension());
        env.add("agi_priority: " + s.position().priority());
        env.add("agi_enhanced: 0.0");
        env.add("agi_accountcode: ");
        env.add("agi_threadid: " + (THREAD_ID_BASE + 4096L * Math.abs(s.uniqueId().hashCode() % 1024)));
        env.add("agi_arg_1: " + s.calledNumber());
        env.add("");
        return env;
    }
}
