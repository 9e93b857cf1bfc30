package dev.realtime.transport.netty;

import dev.realtime.testkit.node.SocketIoDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up the socket.io-client ITs of this module share: one Node driver per class (starting Node is slow)
 * and a fresh server per test, prepared by {@link #prepare}.
 */
abstract class SocketIoDriverTestBase {
    protected static SocketIoDriver driver;
    protected NettyServerHarness server;

    @BeforeAll
    static void startDriver() {
        driver = new SocketIoDriver();
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
    }

    @BeforeEach
    void startServer() {
        driver.clear();
        server = new NettyServerHarness();
        prepare(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Runs after each server start; nothing by default. */
    protected void prepare(NettyServerHarness started) {
    }
}
