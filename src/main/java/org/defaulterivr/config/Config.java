package org.defaulterivr.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.defaulterivr.notice.AudioLimits;

/**
 * The service's configuration, read once at start-up: defaults, then a properties file, then environment variables
 * (each {@link Setting} names its key and variable). Tests build one with {@link #of(Map)}.
 */
public record Config(
        String nodeId,
        Path dataDir,
        String databaseUrl,
        int embeddedDatabasePort,
        int databasePoolSize,
        boolean databaseAllowNondurable,
        String agiHost,
        int agiPort,
        int agiMaxSessions,
        int agiMaxSessionsPerSource,
        List<String> agiAllowedSources,
        int agiMaxLineBytes,
        int agiMaxHeaders,
        Duration agiHeaderDeadline,
        Duration agiCommandTimeout,
        int agiAcceptBacklog,
        int agiReceiveBufferBytes,
        int agiEventLoops,
        Duration agiStreamFileGrace,
        Duration registryStartupWait,
        String defaultRegion,
        Duration decisionBudget,
        Set<String> exemptCallers,
        NoticeSource noticeSource,
        String noticeSoundsPrefix,
        String noticeHttpBase,
        String httpHost,
        int httpPort,
        String httpTlsCert,
        String httpTlsKey,
        Duration shutdownGrace,
        boolean keepCallerNumbers,
        long spoolMaxBytes,
        boolean spoolFsync,
        Duration treeHeadInterval,
        Duration repeatPeriod,
        Duration maxListingTerm,
        String adminToken,
        int authFailuresPerMinute,
        int httpMaxConnections,
        int httpMaxConnectionsPerAddress,
        Duration httpIdleTimeout,
        List<String> trustedProxies,
        String mandarinEngine,
        String logOrigin,
        List<String> witnesses,
        java.time.ZoneId consoleTimeZone,
        Duration consoleSessionIdle,
        Duration consoleSessionMax) {

    /** How Asterisk reaches a notice's audio. */
    public enum NoticeSource { SOUNDS, HTTP }

    /** Reads defaults, then {@code file} when it is not null, then the process environment. */
    public static Config load(Path file, Map<String, String> environment) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            Map<String, Setting> byKey = Arrays.stream(Setting.values())
                    .collect(Collectors.toMap(Setting::key, s -> s));
            for (String name : properties.stringPropertyNames()) {
                Setting setting = byKey.get(name);
                if (setting == null) {
                    throw new ConfigException("unknown key '" + name + "' in " + file);
                }
                values.put(setting, properties.getProperty(name).trim());
            }
        }
        for (Setting setting : Setting.values()) {
            String fromEnv = environment.get(setting.env());
            if (fromEnv != null) {
                values.put(setting, fromEnv.trim());
            }
        }
        return from(values);
    }

    /** A config from defaults plus the given keys (by {@link Setting#key()}), for tests and tools. */
    public static Config of(Map<String, String> overrides) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<String, String> remaining = new HashMap<>(overrides);
        for (Setting setting : Setting.values()) {
            String value = remaining.remove(setting.key());
            if (value != null) {
                values.put(setting, value);
            }
        }
        if (!remaining.isEmpty()) {
            throw new ConfigException("unknown keys " + remaining.keySet());
        }
        return from(values);
    }

    private static Config from(Map<Setting, String> values) {
        Values v = new Values(values);
        String nodeId = v.text(Setting.NODE_ID);
        if (nodeId.isEmpty()) {
            nodeId = localHostName();
        }
        String source = v.text(Setting.NOTICE_SOURCE).toUpperCase(Locale.ROOT);
        NoticeSource noticeSource;
        try {
            noticeSource = NoticeSource.valueOf(source);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.NOTICE_SOURCE.key() + " must be 'sounds' or 'http', not '" + source + "'");
        }
        String httpBase = v.text(Setting.NOTICE_HTTP_BASE);
        while (httpBase.endsWith("/")) {
            httpBase = httpBase.substring(0, httpBase.length() - 1);
        }
        String region = v.text(Setting.SCREENING_DEFAULT_REGION).toUpperCase(Locale.ROOT);
        if (!region.matches("[A-Z]{2}")) {
            throw new ConfigException(Setting.SCREENING_DEFAULT_REGION.key() + " must be a two-letter region code");
        }
        if (v.text(Setting.HTTP_TLS_CERT).isEmpty() != v.text(Setting.HTTP_TLS_KEY).isEmpty()) {
            throw new ConfigException("http.tls.cert and http.tls.key go together: give both or neither");
        }
        Set<String> exempt = Arrays.stream(v.text(Setting.SCREENING_EXEMPT_CALLERS).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new Config(
                nodeId,
                Path.of(v.text(Setting.DATA_DIR)),
                v.text(Setting.DATABASE_URL),
                v.port(Setting.DATABASE_EMBEDDED_PORT),
                v.positive(Setting.DATABASE_POOL_SIZE),
                v.bool(Setting.DATABASE_ALLOW_NONDURABLE),
                v.text(Setting.AGI_HOST),
                v.port(Setting.AGI_PORT),
                v.positive(Setting.AGI_MAX_SESSIONS),
                v.positive(Setting.AGI_MAX_SESSIONS_PER_SOURCE),
                v.list(Setting.AGI_ALLOWED_SOURCES),
                v.positive(Setting.AGI_MAX_LINE_BYTES),
                v.positive(Setting.AGI_MAX_HEADERS),
                Duration.ofMillis(v.positive(Setting.AGI_HEADER_DEADLINE_MS)),
                Duration.ofMillis(v.positive(Setting.AGI_COMMAND_TIMEOUT_MS)),
                v.positive(Setting.AGI_ACCEPT_BACKLOG),
                v.nonNegative(Setting.AGI_RECEIVE_BUFFER_BYTES),
                agiEventLoops(v.nonNegative(Setting.AGI_EVENT_LOOPS)),
                Duration.ofMillis(v.positive(Setting.AGI_STREAM_FILE_GRACE_MS)),
                Duration.ofMillis(v.positive(Setting.REGISTRY_STARTUP_WAIT_MS)),
                region,
                Duration.ofMillis(v.positive(Setting.SCREENING_DECISION_BUDGET_MS)),
                exempt,
                noticeSource,
                v.text(Setting.NOTICE_SOUNDS_PREFIX),
                httpBase,
                v.text(Setting.HTTP_HOST),
                v.port(Setting.HTTP_PORT),
                v.text(Setting.HTTP_TLS_CERT),
                v.text(Setting.HTTP_TLS_KEY),
                shutdownGrace(v),
                v.bool(Setting.EVIDENCE_KEEP_CALLER_NUMBERS),
                v.positiveLong(Setting.EVIDENCE_SPOOL_MAX_BYTES),
                v.bool(Setting.EVIDENCE_SPOOL_FSYNC),
                Duration.ofMillis(v.positive(Setting.EVIDENCE_TREE_HEAD_INTERVAL_MS)),
                Duration.ofMinutes(v.nonNegative(Setting.SCREENING_REPEAT_PERIOD_MINUTES)),
                Duration.ofDays(v.positive(Setting.REGISTRY_MAX_TERM_DAYS)),
                adminToken(v.text(Setting.API_ADMIN_TOKEN)),
                v.positive(Setting.API_AUTH_FAILURES_PER_MINUTE),
                v.positive(Setting.HTTP_MAX_CONNECTIONS),
                v.positive(Setting.HTTP_MAX_CONNECTIONS_PER_ADDRESS),
                Duration.ofSeconds(v.positive(Setting.HTTP_IDLE_TIMEOUT_SECONDS)),
                v.list(Setting.API_TRUSTED_PROXIES),
                v.text(Setting.NOTICE_MANDARIN_ENGINE),
                logOrigin(v.text(Setting.EVIDENCE_LOG_ORIGIN)),
                witnesses(v.text(Setting.EVIDENCE_WITNESSES)),
                timeZone(v.text(Setting.CONSOLE_TIME_ZONE)),
                Duration.ofSeconds(v.positive(Setting.CONSOLE_SESSION_IDLE_SECONDS)),
                Duration.ofSeconds(v.positive(Setting.CONSOLE_SESSION_MAX_SECONDS)));
    }

    /** 0: one FastAGI event loop per two cores, at least one. */
    private static int agiEventLoops(int asked) {
        return asked > 0 ? asked : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private static String logOrigin(String origin) {
        if (!origin.isEmpty() && !origin.matches("[\\x21-\\x2a\\x2c-\\x7e]+")) {
            throw new ConfigException(Setting.EVIDENCE_LOG_ORIGIN.key() + " is printable ASCII without spaces or '+'");
        }
        return origin;
    }

    /** Each witness entry must read; the log refuses to start with one it could not use. */
    private static List<String> witnesses(String value) {
        List<String> entries = Arrays.stream(value.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        for (String entry : entries) {
            try {
                org.defaulterivr.evidence.witnessing.WitnessEndpoint.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(Setting.EVIDENCE_WITNESSES.key() + ": " + e.getMessage());
            }
        }
        return entries;
    }

    /**
     * A grace shorter than the longest notice a court may upload would cut notices at every routine stop: refused.
     */
    private static Duration shutdownGrace(Values v) {
        Duration grace = Duration.ofMillis(v.positive(Setting.SHUTDOWN_GRACE_MS));
        Duration needed = AudioLimits.LONGEST_NOTICE.plusMillis(v.positive(Setting.AGI_COMMAND_TIMEOUT_MS));
        if (grace.compareTo(needed) < 0) {
            throw new ConfigException(Setting.SHUTDOWN_GRACE_MS.key() + " (" + Setting.SHUTDOWN_GRACE_MS.env()
                    + ") must be at least " + needed.toMillis() + " ms (the longest notice, "
                    + AudioLimits.LONGEST_NOTICE.toSeconds() + " s, plus " + Setting.AGI_COMMAND_TIMEOUT_MS.key()
                    + "), so a stop never cuts a notice that is allowed; not " + grace.toMillis());
        }
        return grace;
    }

    private static java.time.ZoneId timeZone(String zone) {
        try {
            return java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(Setting.CONSOLE_TIME_ZONE.key() + " must be an IANA time zone such as "
                    + "Asia/Shanghai, not '" + zone + "'");
        }
    }

    /** An admin token from the environment must be as hard to guess as the ones we issue. */
    private static String adminToken(String token) {
        if (!token.isEmpty() && !token.matches("[A-Za-z0-9_\\-]{32,200}")) {
            throw new ConfigException(Setting.API_ADMIN_TOKEN.key() + " (" + Setting.API_ADMIN_TOKEN.env()
                    + ") must be at least 32 random letters, digits, '-' or '_'");
        }
        return token;
    }

    /** Keeps secrets (the admin token, the database password) out of any log line that prints the config. */
    @Override
    public String toString() {
        return "Config[node=" + nodeId + ", dataDir=" + dataDir + ", agi=" + agiHost + ":" + agiPort + ", http="
                + httpHost + ":" + httpPort + ", embeddedDatabase=" + embeddedDatabase() + "]";
    }


    /** Whether the HTTP API serves HTTPS; both files or neither must be given. */
    public boolean httpTls() {
        return !httpTlsCert.isEmpty();
    }

    public boolean embeddedDatabase() {
        return databaseUrl.isEmpty();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node-1";
        }
    }

    private record Values(Map<Setting, String> values) {
        String text(Setting s) {
            return values.getOrDefault(s, s.defaultValue());
        }

        long positiveLong(Setting s) {
            String raw = text(s);
            try {
                long n = Long.parseLong(raw);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigException(s.key() + " (" + s.env() + ") must be a positive whole number, not '" + raw + "'");
        }

        int nonNegative(Setting s) {
            String raw = text(s);
            try {
                int n = Integer.parseInt(raw);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigException(s.key() + " (" + s.env() + ") must be a whole number, 0 or more, not '" + raw + "'");
        }

        int positive(Setting s) {
            long n = positiveLong(s);
            if (n > Integer.MAX_VALUE) {
                throw new ConfigException(s.key() + " is too large");
            }
            return (int) n;
        }

        int port(Setting s) {
            String raw = text(s);
            try {
                int n = Integer.parseInt(raw);
                if (n >= 0 && n <= 65535) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigException(s.key() + " (" + s.env() + ") must be a port 0-65535, not '" + raw + "'");
        }

        List<String> list(Setting s) {
            return Arrays.stream(text(s).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }

        boolean bool(Setting s) {
            String raw = text(s).toLowerCase(Locale.ROOT);
            return switch (raw) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new ConfigException(s.key() + " (" + s.env() + ") must be true or false, not '" + raw + "'");
            };
        }
    }
}
