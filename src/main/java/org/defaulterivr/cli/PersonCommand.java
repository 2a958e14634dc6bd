package org.defaulterivr.cli;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.config.Config;
import org.defaulterivr.config.SecretFile;
import org.defaulterivr.database.Database;
import org.defaulterivr.people.Enrolment;
import org.defaulterivr.people.People;
import org.defaulterivr.people.PersonRepository;
import org.defaulterivr.people.TotpSeal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Adds a person who signs in to the web console, on the node's machine: how the first admin gets in (later ones are
 * added in the console). Prints the generated password and TOTP key once; the key is sealed with the node's
 * {@code data.dir/keys/console-totp.key}, so run it with the node's config.
 */
@Command(name = "person", mixinStandardHelpOptions = true,
        description = "Add a person to the web console (prints their password and authenticator key once).")
public final class PersonCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Same config as the running node.")
    Path configFile;

    @Option(names = "--username", required = true, description = "2-63 lower-case letters, digits, '.', '_', '-'.")
    String username;

    @Option(names = "--name", required = true, description = "The person's full name, as the console shows it.")
    String name;

    @Option(names = "--role", required = true, description = "admin, court or auditor")
    String role;

    @Option(names = "--court", paramLabel = "CODE", description = "The court's code (court clerks only).")
    String court;

    @Override
    public Integer call() throws Exception {
        Role parsed = Role.fromWireName(role).filter(r -> r != Role.CARRIER).orElse(null);
        if (parsed == null || (parsed == Role.COURT) != (court != null)) {
            System.err.println("--role must be admin, court or auditor; a court clerk needs --court CODE, no one else");
            return 2;
        }
        if (!username.matches("[a-z0-9][a-z0-9._-]{1,62}")) {
            System.err.println("--username: 2-63 lower-case letters, digits, '.', '_' or '-'");
            return 2;
        }
        Config config = Config.load(configFile, System.getenv());
        byte[] key = SecretFile.loadOrCreate(config.dataDir().resolve("keys/console-totp.key"), 32);
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Database.connect(config).pool(vertx, 1);
            People people = new People(vertx, new PersonRepository(pool), new TotpSeal(key),
                    new TokenRepository(pool), Clock.systemUTC());
            Enrolment enrolment = people.enrol(username, name, parsed, court, "cli").eventually(pool::close)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            System.out.printf("""
                    %s (%s%s) can sign in to the web console. Shown only now:
                      password:          %s
                      authenticator key: %s
                      authenticator URI: %s
                    """, username, parsed.wireName(), court == null ? "" : ", court " + court, enrolment.password(),
                    enrolment.totpSecretBase32(), enrolment.totpUri());
            return 0;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
