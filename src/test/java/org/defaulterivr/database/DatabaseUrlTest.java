package org.defaulterivr.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** DATABASE_URL as platforms give it; a malformed one is refused without its password reaching any log. */
class DatabaseUrlTest {

    @Test
    void aLibpqUrlGivesHostPortDatabaseAndUser() {
        var options = Database.fromUrl("postgres://divr:s3cret@db.example:6432/evidence");
        assertEquals("db.example", options.getHost());
        assertEquals(6432, options.getPort());
        assertEquals("evidence", options.getDatabase());
        assertEquals("divr", options.getUser());
    }

    @Test
    void aMalformedUrlIsRefusedWithoutQuotingItsPassword() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> Database.fromUrl("postgresql://divr:hunter2@db.example:notaport/evidence"));
        StringWriter trace = new StringWriter();
        refused.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains("hunter2"), trace.toString());
    }
}
