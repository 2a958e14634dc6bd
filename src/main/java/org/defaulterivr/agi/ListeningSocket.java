package org.defaulterivr.agi;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * The FastAGI listening socket's options, and what each does to a call.
 *
 * <p><b>Quick ACK.</b> Asterisk's res_agi writes the {@code agi_*} environment one line per {@code write()} and
 * leaves Nagle's algorithm on, so it holds each line back until everything it sent before has been acknowledged.
 * Linux acknowledges the first 16 or so segments of a connection at once; after that a socket acknowledges a
 * small segment when the application reads it, unless it is in delayed-ACK ("pingpong") mode, where the ACK waits
 * for data going the other way or for the 40 ms delayed-ACK timer. Vert.x on the epoll transport sets
 * {@code TCP_QUICKACK} on every accepted socket to {@code tcpQuickAck}, whose default {@code false} puts the socket
 * in that mode ({@code setsockopt(TCP_QUICKACK, 0)}); since we send nothing before the block ends, Asterisk's last
 * lines then waited ~40 ms on every call. {@code true} takes the socket out of it, and nothing re-enters it before
 * the environment is read: the kernel goes back to delayed ACKs only when we send data soon after receiving, which
 * we do only once the environment is complete (Netty does not re-arm the option per read, and need not here). A
 * capture of both is in {@code docs/fastagi-socket.md}. On the NIO transport the option does not exist and Java
 * leaves the kernel's default, which has no stall either.
 *
 * <p><b>Quick ACK again once we have spoken.</b> Once we send commands, the kernel sees an interactive exchange and
 * puts the socket back in delayed-ACK mode: it acknowledges Asterisk's lines with our next command. That is fine
 * while Asterisk answers one line per command, but a caller who hangs up mid-notice makes Asterisk write {@code 200
 * result=-1 endpos=N} and then {@code HANGUP} in two writes, and its later reply to our {@code SET VARIABLE} waits
 * behind the unacknowledged {@code HANGUP}: 40 ms per exchange (measured: "notice end to close" p90 41.5 ms with 10%
 * of callers hanging up, 1.5 ms after). {@link #acknowledgeAtOnce} sets {@code TCP_QUICKACK} again, which sends any ACK
 * still owed at once, after each line Asterisk may follow with another write before hearing from us ({@code HANGUP}, a
 * reply that is not a success, a reply no command waits for); a successful reply needs nothing, as our next command or
 * our FIN carries its ACK.
 *
 * <p><b>A small receive buffer.</b> Linux acknowledges at once as many of a connection's first segments as its
 * receive window holds twice over in 536-byte segments, at most 16 ({@code tcp_incr_quickack}). With the default
 * window that is 16, so where Asterisk and we share a host, each of its first 16 lines crosses the loopback as a
 * segment of its own, with an ACK of its own, before Nagle starts gathering the rest: 17-18 data segments and as
 * many ACKs per call, kernel work on the cores the call shares with Asterisk. With a 2 KiB buffer ({@code
 * agi.receive.buffer.bytes}; Linux doubles it and offers half as the window, 2 KiB, almost four times the
 * environment block of the recorded dialogues) the kernel acknowledges the first line at once and the second when we
 * read it, and Nagle sends all the rest in one segment: 3 data segments a call (captures in {@code
 * docs/fastagi-socket.md}). Across a network nothing changes, as Nagle already gathers the lines Asterisk writes
 * while the first is on its way. The window is what the handshake offers, which comes from the listening socket's
 * buffer, so the size is set there ({@link SessionLoopAccept#configure}) and every connection inherits it. It also
 * bounds what one connection can make the kernel hold for us unread.
 *
 * <p><b>Accept backlog.</b> Asterisk connects once per call, so a burst of calls is a burst of connects; the kernel
 * queues what we have not accepted yet, up to the backlog, capped by {@code net.core.somaxconn}, and drops the
 * rest (counted in {@code divr_agi_listen_overflows_total}); Asterisk retries a dropped SYN after 1 s and gives up
 * after 2 s, and the call connects unannounced.
 */
final class ListeningSocket {
    private ListeningSocket() {
    }

    static NetServerOptions options(String host, int port, AgiLimits limits) {
        NetServerOptions options = new NetServerOptions()
                .setHost(host)
                .setPort(port)
                // our commands are whole lines written at once; no reason to let Nagle hold one back
                .setTcpNoDelay(true)
                .setTcpQuickAck(true)
                .setAcceptBacklog(limits.acceptBacklog());
        return limits.receiveBufferBytes() > 0 ? options.setReceiveBufferSize(limits.receiveBufferBytes()) : options;
    }

    /**
     * Sends what we have written now. Vert.x holds the writes made while it hands us a read and flushes them once the
     * read is done: our first command is written from inside the read that brought the environment's last line, and
     * the rest of that read's work (the notice's evidence record, waking the spool's thread) would otherwise go out
     * before it, adding to the silence the caller hears. One command is in flight at a time, so there is never a
     * second write to gather with it.
     */
    static void sendNow(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            internal.channelHandlerContext().flush();
        }
    }

    /** Sends the ACK we owe Asterisk now rather than with our next command (epoll transport; elsewhere a no-op). */
    static void acknowledgeAtOnce(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            Channel channel = internal.channelHandlerContext().channel();
            if (channel instanceof EpollSocketChannel) {
                channel.config().setOption(EpollChannelOption.TCP_QUICKACK, true);
            }
        }
    }
}
