package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.transport.Transport;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FastAGI connections are accepted on the event loop that serves them, with no acceptor thread in between, while
 * any other server keeps Vert.x's acceptor thread; and a server's receive buffer is the listening socket's, so the
 * handshake already offers its window.
 */
class SessionLoopAcceptTest {
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.builder().withTransport(SessionLoopAccept.forNode()).build();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    /**
     * Where a connection's listening socket lives, as seen from its connect handler; and the connection's receive
     * buffer and the window its handshake offered ({@code tcpi_rcv_ssthresh}), or -1 off the epoll transport.
     */
    private record Accepted(boolean listenerOnThisLoop, String listenerThread, int receiveBuffer, long offeredWindow) {
    }

    private static final class Listener extends VerticleBase {
        final boolean onSessionLoop;
        final int receiveBuffer;
        final CompletableFuture<Accepted> accepted = new CompletableFuture<>();
        NetServer server;

        Listener(boolean onSessionLoop) {
            this(onSessionLoop, -1);
        }

        Listener(boolean onSessionLoop, int receiveBuffer) {
            this.onSessionLoop = onSessionLoop;
            this.receiveBuffer = receiveBuffer;
        }

        @Override
        public Future<?> start() {
            server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0)
                    .setReceiveBufferSize(receiveBuffer));
            server.connectHandler(this::connected);
            return onSessionLoop ? SessionLoopAccept.listen((ContextInternal) context, server::listen) : server.listen();
        }

        private void connected(NetSocket socket) {
            Channel connection = ((NetSocketInternal) socket).channelHandlerContext().channel();
            Channel listener = connection.parent();
            boolean onThisLoop = listener.eventLoop().inEventLoop();
            int buffer = connection instanceof EpollSocketChannel epoll ? epoll.config().getReceiveBufferSize() : -1;
            long window = connection instanceof EpollSocketChannel epoll ? epoll.tcpInfo().rcvSsthresh() : -1;
            listener.eventLoop().execute(() -> accepted.complete(
                    new Accepted(onThisLoop, Thread.currentThread().getName(), buffer, window)));
            socket.close();
        }
    }

    private Accepted connectTo(Listener listener) throws Exception {
        vertx.deployVerticle(listener).await();
        try (Socket client = new Socket("127.0.0.1", listener.server.actualPort());
                InputStream in = client.getInputStream()) {
            assertEquals(-1, in.read(), "the server closes the connection");
        }
        return listener.accepted.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFastAgiConnectionIsAcceptedOnTheLoopThatServesIt() throws Exception {
        Accepted accepted = connectTo(new Listener(true));

        assertTrue(accepted.listenerOnThisLoop(), "accepted on " + accepted.listenerThread());
        assertTrue(accepted.listenerThread().startsWith("vert.x-eventloop-thread-"), accepted.listenerThread());
    }

    @Test
    void aReceiveBufferIsTheListeningSocketsSoTheHandshakeOffersItsSmallWindow() throws Exception {
        Accepted accepted = connectTo(new Listener(true, 2048));
        assumeTrue(accepted.offeredWindow() >= 0, "the epoll transport");

        assertEquals(4096, accepted.receiveBuffer(), "Linux doubles SO_RCVBUF");
        assertTrue(accepted.offeredWindow() <= 2048, "window offered: " + accepted.offeredWindow());
    }

    @Test
    void setOnlyOnTheAcceptedSocketAsVertxDoesTheBufferComesTooLateForTheHandshake() throws Exception {
        Transport vertxOwn = Transport.nativeTransport();
        assumeTrue(vertxOwn != null && vertxOwn.available(), "a native transport");
        vertx.close().await();
        vertx = Vertx.builder().withTransport(vertxOwn).build();
        Accepted accepted = connectTo(new Listener(false, 2048));
        assumeTrue(accepted.offeredWindow() >= 0, "the epoll transport");

        assertEquals(4096, accepted.receiveBuffer());
        assertTrue(accepted.offeredWindow() > 2048 * 8, "window offered: " + accepted.offeredWindow());
    }

    @Test
    void anyOtherServerKeepsTheAcceptorThread() throws Exception {
        Accepted accepted = connectTo(new Listener(false));

        assertFalse(accepted.listenerOnThisLoop());
        assertTrue(accepted.listenerThread().startsWith("vert.x-acceptor-thread-"), accepted.listenerThread());
    }
}
