package org.defaulterivr.config;

/**
 * Every configuration key the service reads: one name, one environment variable, one default, one line of help.
 * README.md lists them all; {@code ConfigDocumentationTest} keeps the two in step.
 */
public enum Setting {
    NODE_ID("node.id", "DIVR_NODE_ID", "", "Name of this node in evidence records and metrics; empty = the host name."),
    DATA_DIR("data.dir", "DIVR_DATA_DIR", "./data",
            "Local state: embedded PostgreSQL cluster, notice audio, evidence spool, keys."),
    DATABASE_URL("database.url", "DATABASE_URL", "",
            "PostgreSQL URL (postgresql://user:password@host:5432/db); empty = embedded PostgreSQL under data.dir."),
    DATABASE_EMBEDDED_PORT("database.embedded.port", "DIVR_EMBEDDED_PG_PORT", "54329",
            "Port of the embedded PostgreSQL on 127.0.0.1 (used only when database.url is empty); a port already in use "
                    + "is refused at start."),
    DATABASE_POOL_SIZE("database.pool.size", "DIVR_DATABASE_POOL_SIZE", "8", "Connections in the pool."),
    DATABASE_ALLOW_NONDURABLE("database.allow.nondurable", "DIVR_DATABASE_ALLOW_NONDURABLE", "false",
            "true = start against a database.url server whose fsync, synchronous_commit or full_page_writes can lose "
                    + "commits (warns loudly); false = refuse to start."),
    AGI_HOST("agi.host", "DIVR_AGI_HOST", "0.0.0.0", "Address the FastAGI server binds."),
    AGI_PORT("agi.port", "DIVR_AGI_PORT", "4573", "FastAGI port (Asterisk's default is 4573)."),
    AGI_MAX_SESSIONS("agi.max.sessions", "DIVR_AGI_MAX_SESSIONS", "24000",
            "Concurrent FastAGI sessions; a connection beyond this (or beyond the open-file limit less 1,024) is closed"
                    + " at once (the call connects unannounced)."),
    AGI_MAX_SESSIONS_PER_SOURCE("agi.max.sessions.per.source", "DIVR_AGI_MAX_SESSIONS_PER_SOURCE", "12000",
            "Concurrent FastAGI sessions from one source address (one Asterisk holding 10,000 calls in notices fits)."),
    AGI_ACCEPT_BACKLOG("agi.accept.backlog", "DIVR_AGI_ACCEPT_BACKLOG", "8192",
            "Connections the kernel queues before we accept them (a burst of calls); Linux caps it at"
                    + " net.core.somaxconn."),
    AGI_RECEIVE_BUFFER_BYTES("agi.receive.buffer.bytes", "DIVR_AGI_RECEIVE_BUFFER_BYTES", "2048",
            "Receive buffer of each FastAGI connection (SO_RCVBUF, set on the listening socket; Linux doubles it); its"
                    + " small window lets Asterisk's line-by-line environment arrive in 3 TCP segments instead of 17-18"
                    + " (docs/fastagi-socket.md). 0 = the kernel's default."),
    AGI_EVENT_LOOPS("agi.event.loops", "DIVR_AGI_EVENT_LOOPS", "0",
            "Event loops serving FastAGI; 0 = one per two cores (at least one). Fewer loops wake less often per call,"
                    + " which on a small machine is most of a call's cost (BENCHMARKS.md)."),
    AGI_ALLOWED_SOURCES("agi.allowed.sources", "DIVR_AGI_ALLOWED_SOURCES",
            "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
            "Comma-separated CIDR blocks of Asterisk hosts allowed to connect (FastAGI has no authentication)."),
    AGI_MAX_LINE_BYTES("agi.max.line.bytes", "DIVR_AGI_MAX_LINE_BYTES", "4096",
            "Longest line accepted from Asterisk; a longer one closes that session."),
    AGI_MAX_HEADERS("agi.max.headers", "DIVR_AGI_MAX_HEADERS", "200", "Most environment lines in one session."),
    AGI_HEADER_DEADLINE_MS("agi.header.deadline.ms", "DIVR_AGI_HEADER_DEADLINE_MS", "2000",
            "Time allowed from connect to the blank line that ends the environment block."),
    AGI_COMMAND_TIMEOUT_MS("agi.command.timeout.ms", "DIVR_AGI_COMMAND_TIMEOUT_MS", "3000",
            "Time allowed for Asterisk's reply to one command (not STREAM FILE: see agi.stream.file.grace.ms)."),
    AGI_STREAM_FILE_GRACE_MS("agi.stream.file.grace.ms", "DIVR_AGI_STREAM_FILE_GRACE_MS", "15000",
            "Time allowed beyond a notice's length for Asterisk's reply to STREAM FILE, media-cache fetches included;"
                    + " keep it above res_http_media_cache timeout_secs x 4."),
    REGISTRY_STARTUP_WAIT_MS("registry.startup.wait.ms", "DIVR_REGISTRY_STARTUP_WAIT_MS", "5000",
            "How long start-up waits for the database before screening from the local registry snapshot."),
    SCREENING_DEFAULT_REGION("screening.default.region", "DIVR_DEFAULT_REGION", "CN",
            "Region (ISO 3166) for numbers that arrive without a country code."),
    SCREENING_DECISION_BUDGET_MS("screening.decision.budget.ms", "DIVR_DECISION_BUDGET_MS", "2000",
            "Longest a listed call waits for Asterisk to confirm early media (its reply to EXEC Progress) before it"
                    + " connects unannounced; a busy Asterisk answers late in a burst of calls."),
    SCREENING_EXEMPT_CALLERS("screening.exempt.callers", "DIVR_EXEMPT_CALLERS", "110,112,119,120,122,911,999",
            "Comma-separated caller numbers (emergency and public services) that never hear a notice."),
    NOTICE_SOURCE("notice.source", "DIVR_NOTICE_SOURCE", "sounds",
            "How Asterisk reads notices: 'sounds' (a shared sounds directory) or 'http' (from this service)."),
    NOTICE_SOUNDS_PREFIX("notice.sounds.prefix", "DIVR_NOTICE_SOUNDS_PREFIX", "defaulter-ivr/",
            "With notice.source=sounds: the path under Asterisk's sounds directory where data.dir/notices is mounted."),
    NOTICE_HTTP_BASE("notice.http.base", "DIVR_NOTICE_HTTP_BASE", "http://127.0.0.1:8080",
            "With notice.source=http: this service's base URL as Asterisk reaches it."),
    HTTP_HOST("http.host", "DIVR_HTTP_HOST", "0.0.0.0", "Address the HTTP API binds."),
    HTTP_PORT("http.port", "DIVR_HTTP_PORT", "8080", "HTTP API port (notices, health, metrics, registry)."),
    HTTP_TLS_CERT("http.tls.cert", "DIVR_HTTP_TLS_CERT", "",
            "PEM certificate chain file; with http.tls.key, the HTTP API speaks only HTTPS."),
    HTTP_TLS_KEY("http.tls.key", "DIVR_HTTP_TLS_KEY", "", "PEM private key file (PKCS#8 or RSA) for http.tls.cert."),
    HTTP_MAX_CONNECTIONS("http.max.connections", "DIVR_HTTP_MAX_CONNECTIONS", "1000",
            "Open HTTP connections; one beyond is closed at once. Never more than a quarter of the process's "
                    + "file-descriptor limit: the rest is kept for calls, the database and files."),
    HTTP_MAX_CONNECTIONS_PER_ADDRESS("http.max.connections.per.address", "DIVR_HTTP_MAX_CONNECTIONS_PER_ADDRESS",
            "100", "Open HTTP connections one client address (an IPv6 /64) may hold; one beyond is closed at once, so "
                    + "that one client cannot fill http.max.connections. Proxies in api.trusted.proxies are bounded "
                    + "only by that."),
    HTTP_IDLE_TIMEOUT_SECONDS("http.idle.timeout.seconds", "DIVR_HTTP_IDLE_TIMEOUT_SECONDS", "30",
            "An HTTP connection that sends and receives nothing this long is closed."),
    SHUTDOWN_GRACE_MS("shutdown.grace.ms", "DIVR_SHUTDOWN_GRACE_MS", "135000",
            "On SIGTERM: how long notices in progress may go on before the node stops anyway; at least the longest "
                    + "notice (2 min) plus agi.command.timeout.ms."),
    EVIDENCE_KEEP_CALLER_NUMBERS("evidence.keep.caller.numbers", "DIVR_KEEP_CALLER_NUMBERS", "false",
            "true = store callers' numbers in clear; false = keyed-hash pseudonym plus the last two digits."),
    EVIDENCE_SPOOL_MAX_BYTES("evidence.spool.max.bytes", "DIVR_SPOOL_MAX_BYTES", "268435456",
            "Bound on evidence waiting in the local spool; at the bound notices stop (calls still connect)."),
    EVIDENCE_SPOOL_FSYNC("evidence.spool.fsync", "DIVR_SPOOL_FSYNC", "true",
            "fsync the spool before a call's session ends (turn off only in throwaway test setups)."),
    EVIDENCE_TREE_HEAD_INTERVAL_MS("evidence.tree.head.interval.ms", "DIVR_TREE_HEAD_INTERVAL_MS", "2000",
            "How often the log's sequencer appends queued evidence and, if the log grew, signs a new tree head."),
    EVIDENCE_LOG_ORIGIN("evidence.log.origin", "DIVR_LOG_ORIGIN", "",
            "The log's name in its checkpoints (C2SP tlog-checkpoint origin, e.g. evidence.example.org/log); the same on"
                    + " every node and never reused by another log. Empty: defaulter-ivr/log-<16 hex digits of the key>."),
    EVIDENCE_WITNESSES("evidence.witnesses", "DIVR_WITNESSES", "",
            "Witnesses that cosign the log's checkpoints, comma-separated, each '<url> <verifier key>' (the witness"
                    + " prints its key: defaulter-ivr witness --print-vkey). Empty: none."),
    SCREENING_REPEAT_PERIOD_MINUTES("screening.repeat.period.minutes", "DIVR_REPEAT_PERIOD_MINUTES", "1440",
            "A caller hears one case's notice at most once in this period; repeat calls connect at once. 0 = no limit."),
    REGISTRY_MAX_TERM_DAYS("registry.max.term.days", "DIVR_MAX_TERM_DAYS", "730",
            "Longest validity window a court may give a listing, in days."),
    API_ADMIN_TOKEN("api.admin.token", "DIVR_ADMIN_TOKEN", "",
            "First admin bearer token (32+ random characters); empty = one is generated at first start into"
                    + " data.dir/first-admin-token (mode 0600), kept there until it is first used."),
    API_AUTH_FAILURES_PER_MINUTE("api.auth.failures.per.minute", "DIVR_AUTH_FAILURES_PER_MINUTE", "20",
            "Failed authentications one client address, or one token, may make per minute before the API answers 429 "
                    + "(a valid token is always accepted)."),
    API_TRUSTED_PROXIES("api.trusted.proxies", "DIVR_TRUSTED_PROXIES", "",
            "Comma-separated CIDR blocks of reverse proxies whose X-Forwarded-For is believed; empty = none (the "
                    + "client address is the connection's)."),
    NOTICE_MANDARIN_ENGINE("notice.mandarin.engine", "DIVR_MANDARIN_ENGINE", "espeak-ng",
            "Program that speaks Mandarin notices (espeak-ng, Debian package espeak-ng); if missing, Mandarin courts'"
                    + " cases get the stock Mandarin notice."),
    CONSOLE_TIME_ZONE("console.time.zone", "DIVR_CONSOLE_TIME_ZONE", "Asia/Shanghai",
            "Time zone (IANA) in which the web console shows times."),
    CONSOLE_SESSION_IDLE_SECONDS("console.session.idle.seconds", "DIVR_CONSOLE_SESSION_IDLE_SECONDS", "1800",
            "A console session unused this long ends, and its API token is revoked; the person signs in again."),
    CONSOLE_SESSION_MAX_SECONDS("console.session.max.seconds", "DIVR_CONSOLE_SESSION_MAX_SECONDS", "28800",
            "A console session ends this long after sign-in, however busy.");

    private final String key;
    private final String env;
    private final String defaultValue;
    private final String help;

    Setting(String key, String env, String defaultValue, String help) {
        this.key = key;
        this.env = env;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }
}
