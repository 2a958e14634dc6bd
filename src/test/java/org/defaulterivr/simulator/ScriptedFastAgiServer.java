package org.defaulterivr.simulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A FastAGI server for tests: accepts one connection on a free loopback port, runs a scripted conversation on its
 * own thread, then closes the socket. Failures inside the conversation surface from {@link #awaitEnd()}.
 */
public final class ScriptedFastAgiServer implements AutoCloseable {

    /** What the server does once Asterisk (the simulator) has connected. */
    @FunctionalInterface
    public interface Conversation {
        void run(Peer asterisk) throws Exception;
    }

    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private ScriptedFastAgiServer(Conversation conversation) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(5_000);
        Thread thread = new Thread(() -> serve(conversation), "scripted-fastagi-server");
        thread.setDaemon(true);
        thread.start();
    }

    public static ScriptedFastAgiServer start(Conversation conversation) throws IOException {
        return new ScriptedFastAgiServer(conversation);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Waits for the conversation to finish and rethrows what went wrong in it. */
    public void awaitEnd() throws Exception {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("the scripted server did not finish", e);
        }
    }

    private void serve(Conversation conversation) {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout(5_000);
            conversation.run(new Peer(socket));
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** The simulator as the server sees it. */
    public static final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** The environment block exactly as received, through the blank line that ends it. */
        public byte[] readEnvironmentBytes() throws IOException {
            var bytes = new ByteArrayOutputStream();
            int previous = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the environment block");
                }
                bytes.write(b);
                if (b == '\n' && previous == '\n') {
                    return bytes.toByteArray();
                }
                previous = b;
            }
        }

        /** The environment block's lines, without the blank line. */
        public List<String> readEnvironment() throws IOException {
            String block = new String(readEnvironmentBytes(), StandardCharsets.UTF_8);
            return List.of(block.substring(0, block.length() - 2).split("\n", -1));
        }

        public void send(String commandLine) throws IOException {
            out.write((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The next line from Asterisk, without its newline; null at end of stream. */
        public String readLine() throws IOException {
            var line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        }

        /** Sends a command and returns the single reply line. */
        public String exchange(String commandLine) throws IOException {
            send(commandLine);
            return readLine();
        }

        /** Sends a command and returns the next {@code count} lines. */
        public List<String> exchange(String commandLine, int count) throws IOException {
            send(commandLine);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add(readLine());
            }
            return lines;
        }

        /** Waits without a word, for timeout tests. */
        public void stayQuiet(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        public void close() throws IOException {
            socket.close();
        }
    }
}
