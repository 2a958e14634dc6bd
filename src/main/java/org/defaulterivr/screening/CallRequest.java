package org.defaulterivr.screening;

/**
 * One call as Asterisk describes it, reduced to what screening needs.
 *
 * @param callId     Asterisk's {@code agi_uniqueid}
 * @param calledRaw  the called number as the dialplan passed it ({@code agi_arg_1}, else the extension, else DNID)
 * @param callerRaw  the caller's number as the carrier presented it ({@code agi_callerid}; may be "unknown")
 */
public record CallRequest(String callId, String calledRaw, String callerRaw) {
}
