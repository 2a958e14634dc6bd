package org.defaulterivr.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.defaulterivr.access.Actor;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;
import org.defaulterivr.notice.NoticeLanguage;
import org.defaulterivr.registry.Court;
import org.defaulterivr.registry.CourtRepository;
import org.defaulterivr.registry.RegistryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Creates and lists courts directly in the database of a running node (or of {@code DATABASE_URL}), so the operator
 * can set up the first court without an admin API call; the change is in the history like any other.
 */
@Command(name = "court", mixinStandardHelpOptions = true, description = "Create or list courts.",
        subcommands = {CourtCommand.Create.class, CourtCommand.ListCourts.class})
public final class CourtCommand implements Runnable {
    private static final Actor OPERATOR = Actor.system("cli");

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Same config as the running node (environment variables override it).")
    Path configFile;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    <T> T withCourts(Function<CourtRepository, Future<T>> operation) throws Exception {
        Config config = Config.load(configFile, System.getenv());
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Database.connect(config).pool(vertx, 1);
            return operation.apply(new CourtRepository(pool)).eventually(pool::close)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a court.")
    static final class Create implements Callable<Integer> {
        private static final String CODE = "[a-z0-9][a-z0-9-]{1,62}";

        @ParentCommand
        CourtCommand parent;

        @Option(names = "--code", required = true,
                description = "Its code in URLs and tokens: 2-63 lower-case letters, digits and '-'.")
        String code;

        @Option(names = "--name", required = true,
                description = "Its name as notices speak it, e.g. 成都市武侯区人民法院 or \"the Chaoyang District People's Court\".")
        String name;

        @Option(names = "--language", defaultValue = "en",
                description = "Language of its notices: en or zh-CN (default: ${DEFAULT-VALUE}).")
        String language;

        @Override
        public Integer call() throws Exception {
            if (!code.matches(CODE)) {
                throw new UserError("--code must be 2-63 lower-case letters, digits and '-', starting with a letter"
                        + " or digit");
            }
            if (name.isBlank() || name.length() > 200) {
                throw new UserError("--name must be 1-200 characters");
            }
            NoticeLanguage notices = NoticeLanguage.fromTag(language)
                    .orElseThrow(() -> new UserError("--language must be en or zh-CN"));
            Court court;
            try {
                court = parent.withCourts(courts -> courts.create(code, name.strip(), notices, OPERATOR));
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RegistryException exists) {
                    throw new UserError(exists.getMessage() + "; 'court list' shows the courts");
                }
                throw e;
            }
            System.out.printf("court %s created (%s, notices in %s)%n", court.code(), court.name(),
                    court.noticeLanguage().tag());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List courts.")
    static final class ListCourts implements Callable<Integer> {
        @ParentCommand
        CourtCommand parent;

        @Override
        public Integer call() throws Exception {
            var courts = parent.withCourts(CourtRepository::list);
            System.out.printf("%-24s %-8s %s%n", "code", "language", "name");
            for (Court c : courts) {
                System.out.printf("%-24s %-8s %s%n", c.code(), c.noticeLanguage().tag(), c.name());
            }
            return 0;
        }
    }
}
