package org.defaulterivr.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service as its own operating-system process, started the way an operator starts it ({@code Main serve}), so
 * tests can kill it with SIGKILL or stop it with SIGTERM.
 *
 * <p>No process outlives the test run, whatever its outcome: one that never gets ready is killed at once; every
 * one still running when the test JVM exits is killed with its descendants by a shutdown hook; and each runs
 * under {@link ParentWatch}, so it ends itself even when the test JVM is killed and no hook runs.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ServiceProcess::destroyTree),
                "stop-service-processes"));
    }

    private final Process process;
    public final int agiPort;
    public final int httpPort;
    public final Path log;

    private ServiceProcess(Process process, int agiPort, int httpPort, Path log) {
        this.process = process;
        this.agiPort = agiPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code serve} with the given environment on top of ours; waits until the node says it is ready. */
    public static ServiceProcess start(Path dataDir, String databaseUrl, int agiPort, int httpPort,
            Map<String, String> extraEnvironment) throws IOException {
        return start(dataDir, databaseUrl, agiPort, httpPort, extraEnvironment, List.of("-Xmx256m"),
                List.of("org.defaulterivr.Main", "serve"));
    }

    /** As above, with the JVM's options and the main class and arguments to run. */
    public static ServiceProcess start(Path dataDir, String databaseUrl, int agiPort, int httpPort,
            Map<String, String> extraEnvironment, List<String> jvmOptions, List<String> mainAndArguments)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ParentWatch.class.getName()));
        command.addAll(mainAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL", databaseUrl,
                "DIVR_DATA_DIR", dataDir.toString(),
                "DIVR_AGI_HOST", "127.0.0.1",
                "DIVR_HTTP_HOST", "127.0.0.1",
                "DIVR_AGI_PORT", Integer.toString(agiPort),
                "DIVR_HTTP_PORT", Integer.toString(httpPort),
                "DIVR_NODE_ID", "proc-node"));
        env.putAll(extraEnvironment);
        builder.environment().putAll(env);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        ServiceProcess service = new ServiceProcess(process, agiPort, httpPort, log);
        try {
            service.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            destroyTree(process);
            throw e;
        }
        return service;
    }

    /** What a command run to its end printed (standard output and error together) and its exit code. */
    public record Run(int exitCode, String output) {
    }

    /**
     * Runs {@code Main} with {@code arguments} in its own process, with the environment an operator would have (ours
     * plus {@code environment}), until it exits; killed after {@code limit}.
     */
    public static Run run(Map<String, String> environment, Duration limit, String... arguments)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ParentWatch.class.getName(), "org.defaulterivr.Main"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("divr-run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        RUNNING.add(process);
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("'" + String.join(" ", arguments) + "' did not end within " + limit);
            }
            return new Run(process.exitValue(), Files.readString(output));
        } finally {
            destroyTree(process);
            RUNNING.remove(process);
            Files.deleteIfExists(output);
        }
    }

    private void awaitReady(Duration limit) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Await.until(limit, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Whether the node's evidence spool holds nothing the database lacks (its readiness says so). */
    public boolean spoolDrained() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            String body = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new io.vertx.core.json.JsonObject(body).getJsonObject("evidenceSpool").getLong("backlogBytes") == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        destroyTree(process);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** SIGTERM, then the exit code. */
    public int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            destroyTree(process);
            throw new AssertionError("service did not exit within " + limit + " after SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    public static String url(io.vertx.pgclient.PgConnectOptions options) {
        return "postgresql://" + options.getUser() + ":" + options.getPassword() + "@" + options.getHost() + ":"
                + options.getPort() + "/" + options.getDatabase();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            destroyTree(process);
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
