package dev.realtime.standalone.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O transport of the operations port: Linux's native epoll when its library loads (it ships in the jar
 * for x86-64), Java NIO otherwise. Both behave the same; epoll costs fewer system calls and no selector
 * garbage. {@code -Dio.netty.transport.noNative=true} forces NIO.
 *
 * @param name     {@code epoll} or {@code nio}, for the start-up log
 * @param io       creates the event loop's I/O handler
 * @param channel  the listening socket's class
 */
record OpsTransport(String name, IoHandlerFactory io, Class<? extends ServerChannel> channel) {
    private static final Logger LOG = LoggerFactory.getLogger(OpsTransport.class);

    static OpsTransport nio() {
        return new OpsTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    static OpsTransport epoll() {
        return new OpsTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    /** Epoll when available, else NIO. */
    static OpsTransport best() {
        return choose(Epoll.isAvailable());
    }

    static OpsTransport choose(boolean epollAvailable) {
        if (epollAvailable) {
            return epoll();
        }
        Throwable cause = Epoll.unavailabilityCause();
        LOG.info("native epoll unavailable for the operations port, using NIO: {}",
                cause == null ? "not requested" : cause.toString());
        return nio();
    }
}
