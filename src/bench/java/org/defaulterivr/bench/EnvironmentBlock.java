package org.defaulterivr.bench;

import java.util.HexFormat;
import java.util.List;
import org.defaulterivr.testing.Fixtures;

/**
 * Asterisk 20's environment block as recorded in {@code early-media-notice.txt}, line for line (the trailing space
 * of {@code agi_accountcode: } included), with the per-call values swapped in: script {@code screen}, the called
 * number in {@code agi_dnid}, {@code agi_extension} and {@code agi_arg_1}, the caller, the channel and unique id.
 */
final class EnvironmentBlock {
    private final List<String> template;
    private final int port;

    EnvironmentBlock(int port) {
        this.template = Fixtures.load("early-media-notice.txt").environment();
        this.port = port;
    }

    String render(String called, String caller, long callNumber, long epochSecond) {
        StringBuilder out = new StringBuilder(720);
        for (String line : template) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            String value = switch (name) {
                case "agi_network_script" -> "screen";
                case "agi_request" -> "agi://127.0.0.1:" + port + "/screen";
                case "agi_channel" -> "PJSIP/carrier-" + HexFormat.of().toHexDigits((int) callNumber);
                case "agi_uniqueid" -> epochSecond + "." + callNumber;
                case "agi_callerid" -> caller;
                case "agi_calleridname" -> "Caller";
                case "agi_dnid", "agi_extension", "agi_arg_1" -> called;
                default -> null;
            };
            if (value == null) {
                out.append(line);
            } else {
                out.append(name).append(": ").append(value);
            }
            out.append('\n');
        }
        return out.append('\n').toString();
    }
}
