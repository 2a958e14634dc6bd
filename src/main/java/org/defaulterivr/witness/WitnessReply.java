package org.defaulterivr.witness;

/**
 * A witness's answer to one request, as the tlog-witness protocol fixes it: an HTTP status, a content type and a
 * body.
 */
public record WitnessReply(int status, String contentType, String body) {

    static WitnessReply cosigned(String signatureLines) {
        return new WitnessReply(200, "text/plain; charset=utf-8", signatureLines);
    }

    /** 409 Conflict: the old size is not the size of the latest checkpoint cosigned, which the body gives. */
    static WitnessReply conflict(long latestSize) {
        return new WitnessReply(409, "text/x.tlog.size", latestSize + "\n");
    }

    static WitnessReply refused(int status, String reason) {
        return new WitnessReply(status, "text/plain; charset=utf-8", reason + "\n");
    }
}
