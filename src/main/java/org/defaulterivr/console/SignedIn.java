package org.defaulterivr.console;

import java.time.Instant;
import org.defaulterivr.access.Role;

/**
 * Who a console session belongs to, kept in the server-side session only: the person, and the bearer token the
 * console uses for them on {@code /v1} (made at sign-in, labelled with the person, revoked at sign-out, expiring with
 * the session's absolute limit). The token never reaches the browser.
 */
public record SignedIn(long personId, String username, String displayName, Role role, String courtCode,
        long tokenId, String token, Instant signedInAt) {
}
