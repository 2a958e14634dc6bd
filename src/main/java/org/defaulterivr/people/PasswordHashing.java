package org.defaulterivr.people;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * People's passwords, kept as Argon2id hashes (RFC 9106) in the PHC string form, parameters included, so they can be
 * raised later without touching stored hashes. The parameters are OWASP's first recommendation for Argon2id: 19 MiB,
 * two passes, one lane. Hashing takes tens of milliseconds of CPU: callers run it on a worker, never an event loop.
 */
public final class PasswordHashing {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID,
            Argon2Function.ARGON2_VERSION_13);
    /** Checked against when there is no such person, so an unknown name takes as long as a wrong password. */
    private static final String DECOY = hash("not a password of anyone");

    private PasswordHashing() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    /** Whether {@code password} matches {@code hash}; with a null hash, spends the same time and says no. */
    public static boolean matches(String password, String hash) {
        if (hash == null) {
            Password.check(password, DECOY).with(ARGON2ID);
            return false;
        }
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }
}
