package org.defaulterivr.agi;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.Future;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Accepts FastAGI connections on the event loop that serves them, not on Vert.x's acceptor thread.
 *
 * <p>Vert.x accepts the connections of every server on one shared acceptor thread, which then hands each new socket
 * to the event loop serving it: a second thread woken, and a task queued across threads, for every connection.
 * HTTP clients keep their connections, so that costs nothing there; Asterisk opens a new one for every call, so for
 * FastAGI the hop is paid per call, and on a small machine a second thread to run per call is one more chance for
 * the call to wait for a core. Accepting on the serving loop cut the server's CPU per unlisted call by about a fifth
 * and the p99 post-dial delay at 1,000 calls/s from about 1.4 ms to about 0.55 ms (BENCHMARKS.md, fourth pass).
 * The FastAGI listening socket is therefore registered on its own event loop ({@link #listen}), where Netty accepts a
 * connection and, the child's loop being the same one, registers it at once, with no thread in between. Every other
 * server (the HTTP API and console) keeps Vert.x's acceptor thread.
 *
 * <p>This is a Vert.x {@link io.vertx.core.spi.transport.Transport} around the native one that changes two things
 * about listening sockets: how the acceptor group registers one, and where a server's receive buffer is set
 * ({@link #configure}); everything else is the native transport's. Without a native transport (not Linux, or the
 * epoll library missing) Vert.x's NIO transport is used as it is: FastAGI is accepted on the acceptor thread as
 * before, and its receive buffer is set on each connection once accepted.
 */
public final class SessionLoopAccept implements io.vertx.core.spi.transport.Transport {
    /** The event loop a {@link #listen} on this thread registers its listening socket on. */
    private static final ThreadLocal<EventLoop> LISTENING_ON = new ThreadLocal<>();

    private final io.vertx.core.spi.transport.Transport nativeTransport;

    private SessionLoopAccept(io.vertx.core.spi.transport.Transport nativeTransport) {
        this.nativeTransport = nativeTransport;
    }

    /** The transport a node's Vert.x runs on: the native one with this change, or NIO where there is none. */
    public static Transport forNode() {
        Transport base = Transport.nativeTransport();
        if (base == null || !base.available()) {
            return Transport.NIO;
        }
        SessionLoopAccept implementation = new SessionLoopAccept(base.implementation());
        return new Transport() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public boolean available() {
                return true;
            }

            @Override
            public Throwable unavailabilityCause() {
                return null;
            }

            @Override
            public io.vertx.core.spi.transport.Transport implementation() {
                return implementation;
            }
        };
    }

    /**
     * Runs {@code listen} (a {@code NetServer.listen()} called on the listening verticle's context) so that the
     * listening socket it binds is registered on that context's event loop. A server bound later (a host name still
     * to resolve) or elsewhere falls back to the acceptor thread.
     */
    static <T> Future<T> listen(ContextInternal context, Supplier<Future<T>> listen) {
        LISTENING_ON.set(context.nettyEventLoop());
        try {
            return listen.get();
        } finally {
            LISTENING_ON.remove();
        }
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
        if (type != ACCEPTOR_EVENT_LOOP_GROUP) {
            return nativeTransport.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
        }
        return new MultiThreadIoEventLoopGroup(nThreads, threadFactory, nativeTransport.ioHandlerFactory()) {
            @Override
            public ChannelFuture register(Channel channel) {
                EventLoop loop = LISTENING_ON.get();
                if (channel instanceof ServerChannel && loop != null && loop.inEventLoop()) {
                    return loop.register(channel);
                }
                return super.register(channel);
            }
        };
    }

    @Override
    public boolean supportsDomainSockets() {
        return nativeTransport.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
        return nativeTransport.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
        return nativeTransport.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return nativeTransport.unavailabilityCause();
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        return nativeTransport.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
        return nativeTransport.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return nativeTransport.ioHandlerFactory();
    }

    @Override
    public DatagramChannel datagramChannel() {
        return nativeTransport.datagramChannel();
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
        return nativeTransport.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return nativeTransport.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return nativeTransport.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
        nativeTransport.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
        nativeTransport.configure(options, connectTimeout, domainSocket, bootstrap);
    }

    /**
     * As the native transport, except that a receive buffer goes on the listening socket, which every accepted
     * connection inherits, and not on each connection once accepted. The window a connection's handshake offers
     * comes from the listening socket's buffer, so a buffer set after the accept is too late for the first segments
     * (for what that does to FastAGI, see {@link ListeningSocket}), and it costs a system call per connection.
     */
    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
        nativeTransport.configure(options, domainSocket, bootstrap);
        if (!domainSocket && options.getReceiveBufferSize() != NetServerOptions.DEFAULT_RECEIVE_BUFFER_SIZE) {
            bootstrap.option(ChannelOption.SO_RCVBUF, options.getReceiveBufferSize());
            bootstrap.childOption(ChannelOption.SO_RCVBUF, null);
        }
    }
}
