package org.defaulterivr.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.defaulterivr.config.Config;
import org.defaulterivr.config.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shows every configuration key: its effective value here, or the reference table README.md carries. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print every configuration key with its effective value (secrets masked), or the README table.")
public final class ConfigCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file, as for serve.")
    Path configFile;

    @Option(names = "--markdown", description = "Print the reference table (key, variable, default, meaning).")
    boolean markdown;

    @Override
    public Integer call() {
        if (markdown) {
            System.out.println(referenceTable());
            return 0;
        }
        Config.load(configFile, System.getenv()); // refuses bad values the way serve would
        Map<String, String> env = System.getenv();
        Properties file = new Properties();
        if (configFile != null) {
            try (var reader = java.nio.file.Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read " + configFile, e);
            }
        }
        for (Setting s : Setting.values()) {
            String value = env.getOrDefault(s.env(), file.getProperty(s.key(), s.defaultValue()));
            String source = env.containsKey(s.env()) ? "env" : file.containsKey(s.key()) ? "file" : "default";
            System.out.printf("%s=%s  (%s)%n", s.key(), mask(s, value), source);
        }
        return 0;
    }

    /** The table of README.md's "Configuration" section. */
    public static String referenceTable() {
        StringBuilder table = new StringBuilder("| key | environment variable | default | meaning |\n|---|---|---|---|");
        for (Setting s : Setting.values()) {
            String defaultCell = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            table.append("\n| `").append(s.key()).append("` | `").append(s.env()).append("` | ").append(defaultCell)
                    .append(" | ").append(s.help()).append(" |");
        }
        return table.toString();
    }

    /** Names of keys whose value is a secret as a whole (tokens, passwords, keys given inline). */
    private static final java.util.regex.Pattern SECRET_KEY =
            java.util.regex.Pattern.compile("(^|\\.)(token|password|secret|credentials?)(\\.|$)");

    /**
     * What {@code config} shows of a value: a secret as a whole is never shown, only whether it is set; a password
     * inside a URL (database.url) is starred. A test checks every key of {@link Setting}.
     */
    static String mask(Setting s, String value) {
        if (SECRET_KEY.matcher(s.key()).find()) {
            return value.isEmpty() ? "" : "(set, not shown)";
        }
        return value.replaceAll("://([^:@/\\s]+):[^@/\\s]*@", "://$1:***@");
    }
}
