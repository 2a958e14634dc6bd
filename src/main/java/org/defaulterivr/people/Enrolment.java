package org.defaulterivr.people;

/**
 * What a new person needs to sign in the first time, shown once to the admin who made them and stored nowhere in
 * clear: a generated password and the TOTP secret (Base32 and as an {@code otpauth://} URI).
 */
public record Enrolment(Person person, String password, String totpSecretBase32, String totpUri) {
}
