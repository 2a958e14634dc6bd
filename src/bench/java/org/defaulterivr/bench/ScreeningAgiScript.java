package org.defaulterivr.bench;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.defaulterivr.screening.CallFlow;
import org.defaulterivr.screening.CallRequest;
import org.defaulterivr.screening.Decision;
import org.defaulterivr.screening.Screener;

/**
 * The screening call flow written the way an asterisk-java user would: one blocking thread per call, the same
 * decision ({@link Screener} on the same index) and the same commands on the wire as our {@code CallFlow}
 * (EXEC Progress, STREAM FILE, SET VARIABLE twice). It keeps no evidence: that favours the baseline, which is
 * spared our fsync'ed spool and PostgreSQL drain.
 */
final class ScreeningAgiScript implements AgiScript {
    private final Screener screener;
    private final String soundsPrefix;

    ScreeningAgiScript(Screener screener, String soundsPrefix) {
        this.screener = screener;
        this.soundsPrefix = soundsPrefix;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        Decision decision = screener.decide(new CallRequest(request.getUniqueId(), calledNumber(request),
                request.getCallerIdNumber() == null ? "" : request.getCallerIdNumber()));
        if (!(decision instanceof Decision.Listed listed)) {
            return;
        }
        channel.exec("Progress");
        AgiReply played = channel.sendCommand(new StreamFileCommand(soundsPrefix + listed.listing().notice().sha256(),
                ""));
        String outcome = played.getResultCode() >= 0 ? "played" : "partial";
        channel.setVariable(CallFlow.NOTICE_VARIABLE, outcome);
        channel.setVariable(CallFlow.CASE_VARIABLE, Long.toString(listed.listing().caseId()));
    }

    /** As our AgiEnvironment decides it: the first argument, else the extension, else the DNID. */
    private static String calledNumber(AgiRequest request) {
        String[] args = request.getArguments();
        if (args != null && args.length > 0 && args[0] != null && !args[0].isBlank()) {
            return args[0].trim();
        }
        String extension = request.getExtension();
        if (extension != null && !extension.isBlank() && !"s".equals(extension)) {
            return extension.trim();
        }
        String dnid = request.getDnid();
        return dnid == null ? "" : dnid.trim();
    }
}
