package org.defaulterivr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.pgclient.PgConnectOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.defaulterivr.Main;
import org.defaulterivr.database.Database;
import picocli.CommandLine;

/** The command line as an operator runs it ({@code java -jar defaulter-ivr.jar ...}), in this JVM. */
public final class MainCommand {
    private MainCommand() {
    }

    /** Runs {@code args}, checks the exit code, and gives what the command printed on standard output. */
    public static String run(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectedExit, new CommandLine(new Main()).execute(args));
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes {@code file}, a config naming {@code database} as {@code database.url}, then {@code moreLines}. */
    public static Path configFor(Database database, Path file, String... moreLines) throws IOException {
        PgConnectOptions options = database.connectOptions();
        StringBuilder text = new StringBuilder("database.url=postgresql://" + options.getUser() + ":"
                + options.getPassword() + "@" + options.getHost() + ":" + options.getPort() + "/"
                + options.getDatabase() + "\n");
        for (String line : moreLines) {
            text.append(line).append('\n');
        }
        Files.writeString(file, text);
        return file;
    }
}
