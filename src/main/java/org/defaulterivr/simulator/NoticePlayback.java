package org.defaulterivr.simulator;

import java.time.Duration;

/** What the simulated caller does when the server streams a file. */
public sealed interface NoticePlayback {
    /** The caller listens to the whole file. */
    record ToTheEnd() implements NoticePlayback {
    }

    /** The caller hangs up this long into the first file streamed; a shorter file plays to the end. */
    record CallerHangsUpAfter(Duration heard) implements NoticePlayback {
        public CallerHangsUpAfter {
            if (heard.isNegative()) {
                throw new IllegalArgumentException("heard must not be negative");
            }
        }
    }

    /** Asterisk cannot open any file streamed (missing sounds file, failed download). */
    record FileMissing() implements NoticePlayback {
    }

    static NoticePlayback toTheEnd() {
        return new ToTheEnd();
    }

    static NoticePlayback callerHangsUpAfter(Duration heard) {
        return new CallerHangsUpAfter(heard);
    }

    static NoticePlayback fileMissing() {
        return new FileMissing();
    }
}
