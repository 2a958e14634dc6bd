package org.defaulterivr.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void tokensCarry256RandomBitsAndAreNeverRepeated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = AccessTokens.generate();
            assertTrue(token.matches("divr_[A-Za-z0-9_-]{43}"), token);
            assertEquals(32, Base64.getUrlDecoder().decode(token.substring(5)).length);
            assertTrue(seen.add(token));
            assertTrue(AccessTokens.plausible(token));
        }
    }

    @Test
    void onlyTheHashIsComparedAndItIsSha256() {
        String token = AccessTokens.generate();
        byte[] hash = AccessTokens.hash(token);
        assertEquals(32, hash.length);
        assertTrue(AccessTokens.sameHash(hash, AccessTokens.hash(token)));
        assertFalse(AccessTokens.sameHash(hash, AccessTokens.hash(token + "x")));
        assertNotEquals(token, new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(AccessTokens.plausible("short"));
        assertFalse(AccessTokens.plausible("divr_" + "a".repeat(40) + " OR 1=1"));
    }

    @Test
    void personalDataIsRedactedAtAnyDepth() {
        JsonObject record = new JsonObject().put("caseNumber", "C-1").put("debtorName", "Zhang San")
                .put("amount", "1.00").put("numbers", new JsonArray().add(new JsonObject().put("number", "+86138")))
                .put("notice", new JsonObject().put("sha256", "ab"))
                .put("nested", new JsonArray().add(new JsonObject().put("debtorIdMasked", "****1234")));
        JsonObject redacted = PersonalData.redact(record);
        assertEquals("C-1", redacted.getString("caseNumber"));
        assertEquals("ab", redacted.getJsonObject("notice").getString("sha256"));
        assertEquals(PersonalData.REDACTED, redacted.getString("debtorName"));
        assertEquals(PersonalData.REDACTED, redacted.getString("amount"));
        assertEquals(PersonalData.REDACTED, redacted.getString("numbers"));
        assertEquals(PersonalData.REDACTED, redacted.getJsonArray("nested").getJsonObject(0).getString("debtorIdMasked"));
        assertEquals("Zhang San", record.getString("debtorName"), "the original is untouched");
    }
}
