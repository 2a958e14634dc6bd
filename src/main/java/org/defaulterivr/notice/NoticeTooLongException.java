package org.defaulterivr.notice;

import java.time.Duration;

/**
 * A wording that, spoken, lasts longer than a notice may ({@link AudioLimits#LONGEST_NOTICE}): a node's shutdown
 * grace is sized to let the longest notice play to its end, and a caller waits through all of it before the call
 * connects.
 */
public class NoticeTooLongException extends InvalidNoticeException {
    public NoticeTooLongException(Duration spoken) {
        super("The wording, spoken, lasts " + spoken.toSeconds() + " s; a notice may last at most "
                + AudioLimits.LONGEST_NOTICE.toSeconds() + " s. Shorten the wording.");
    }
}
