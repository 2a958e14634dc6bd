package org.defaulterivr.screening;

/**
 * One call as Asterisk describes it, reduced to what screening and its evidence need.
 *
 * @param callId       Asterisk's {@code agi_uniqueid}
 * @param calledRaw    the called number as the dialplan passed it ({@code agi_arg_1}, else the extension, else DNID)
 * @param callerRaw    the caller's number as the carrier presented it ({@code agi_callerid}; may be "unknown")
 * @param asteriskHost the address of the Asterisk that asked (the FastAGI connection's peer)
 * @param channel      Asterisk's channel name ({@code agi_channel})
 * @param probe        true when the {@code probe} command made the call ({@code agi_network_script: screen?probe=1})
 */
public record CallRequest(String callId, String calledRaw, String callerRaw, String asteriskHost, String channel,
        boolean probe) {

    /** A call whose Asterisk and channel do not matter (tests, benchmarks). */
    public CallRequest(String callId, String calledRaw, String callerRaw) {
        this(callId, calledRaw, callerRaw, "", "", false);
    }
}
