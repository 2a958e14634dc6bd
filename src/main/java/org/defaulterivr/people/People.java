package org.defaulterivr.people;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.registry.RegistryException;
import org.defaulterivr.access.Role;

/**
 * Named accounts for the console: making one (a generated password and TOTP secret, shown once), and checking a
 * sign-in: password, then code. Hashing runs on a worker. Says nothing about why a sign-in failed beyond "wrong".
 */
public final class People {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ISSUER = "defaulter-ivr";

    private final Vertx vertx;
    private final PersonRepository repository;
    private final TotpSeal seal;
    private final TokenRepository tokens;
    private final Clock clock;

    public People(Vertx vertx, PersonRepository repository, TotpSeal seal, TokenRepository tokens, Clock clock) {
        this.vertx = vertx;
        this.repository = repository;
        this.seal = seal;
        this.tokens = tokens;
        this.clock = clock;
    }

    public PersonRepository repository() {
        return repository;
    }

    /** Makes a person with a fresh password and TOTP secret; carriers are machines and get tokens, not accounts. */
    public Future<Enrolment> enrol(String username, String displayName, Role role, String courtCode, String by) {
        if (role == Role.CARRIER) {
            return Future.failedFuture(RegistryException.conflict("carriers use tokens, not accounts"));
        }
        byte[] secret = TotpCodes.newSecret();
        byte[] words = new byte[15];
        RANDOM.nextBytes(words);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(words);
        return vertx.executeBlocking(() -> PasswordHashing.hash(password))
                .compose(hash -> repository.create(username, displayName, role, role == Role.COURT ? courtCode : null,
                        hash, seal.seal(username, secret), by))
                .map(person -> new Enrolment(person, password, TotpCodes.base32(secret),
                        TotpCodes.uri(ISSUER, username, secret)));
    }

    /** The person whose password this is, if it is and they are not disabled. */
    public Future<Optional<Person>> checkPassword(String username, String password) {
        return repository.byUsername(username).compose(found -> vertx.executeBlocking(() -> {
            boolean ok = PasswordHashing.matches(password, found.map(Person::passwordHash).orElse(null));
            return ok && !found.get().disabled() ? found : Optional.<Person>empty();
        }));
    }

    /**
     * Disables a person: they cannot sign in again, and the tokens their console sessions use are revoked, so every
     * node's session of theirs ends at its next page.
     */
    public Future<Person> disable(long personId, Actor by) {
        return repository.byId(personId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(RegistryException.notFound("no such person"));
            }
            return repository.disable(personId)
                    .compose(v -> tokens.revokeLabelled(found.get().principal(), by))
                    .compose(v -> repository.byId(personId))
                    .map(Optional::orElseThrow);
        });
    }

    /** Whether {@code code} is the person's current TOTP code, not used before; uses it up if so. */
    public Future<Boolean> checkCode(long personId, String code) {
        return repository.byId(personId).compose(found -> {
            if (found.isEmpty() || found.get().disabled()) {
                return Future.succeededFuture(false);
            }
            Person person = found.get();
            var step = TotpCodes.verify(seal.open(person.username(), person.totpSealed()), code, clock.instant(),
                    person.totpLastStep());
            return step.isEmpty() ? Future.succeededFuture(false) : repository.useTotpStep(personId, step.getAsLong());
        });
    }
}
