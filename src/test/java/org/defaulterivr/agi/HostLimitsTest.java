package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HostLimitsTest {
    private static final AgiLimits ASKED = new AgiLimits(4096, 200, Duration.ofSeconds(2), Duration.ofSeconds(3),
            24_000, Duration.ofSeconds(30), 8192, 2048, Duration.ofSeconds(15));

    @Test
    void theKernelsSomaxconnCapsTheBacklogAndOpenFilesCapTheSessions() {
        AgiLimits limits = ASKED.within(new HostLimits(OptionalLong.of(4096), OptionalLong.of(20_000)));

        assertEquals(4096, limits.acceptBacklog(), "listen() gets at most net.core.somaxconn");
        assertEquals(20_000 - HostLimits.RESERVED_FILES, limits.maxSessions(),
                "a session beyond the open files would fail in accept, uncounted");
    }

    @Test
    void aRoomyHostLeavesTheConfiguredLimitsAndAnUnknownOneChangesNothing() {
        assertEquals(ASKED, ASKED.within(new HostLimits(OptionalLong.of(65_535), OptionalLong.of(1_048_576))));
        assertEquals(ASKED, ASKED.within(new HostLimits(OptionalLong.empty(), OptionalLong.empty())));
    }

    @Test
    void thisHostsFiguresAreRead() {
        HostLimits host = HostLimits.read();
        // Linux, where the service runs: both are numbers (procfs reports a size of 0; the whole value is read)
        assertTrue(host.somaxconn().orElse(0) >= 128, "somaxconn " + host.somaxconn());
        assertTrue(host.openFiles().orElse(0) > 0);
        assertTrue(HostLimits.listenOverflows().orElse(-1) >= 0);
    }
}
