package dev.realtime.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.Principal;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.core.spi.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport without sockets: {@link #connect} gives a {@link TestClient} that talks to the engine in-process,
 * synchronously, through the same gateway a WebSocket transport uses. Give it to
 * {@code Realtime.builder().transport(...)} to unit-test hooks and application code.
 *
 * <p>Like a real transport it decodes each fanned-out event once for all recipients, and it counts fan-out calls
 * so tests can prove a room event reaches the transport as one call.
 */
public final class InProcessTransport implements Transport {
    private final AtomicLong fanOutCalls = new AtomicLong();
    private final AtomicLong fanOutRecipients = new AtomicLong();
    private volatile ConnectionGateway gateway;

    @Override
    public void start(ConnectionGateway connectionGateway) {
        this.gateway = connectionGateway;
    }

    @Override
    public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
        fanOutCalls.incrementAndGet();
        fanOutRecipients.addAndGet(recipients.size());
        JsonNode decoded = event.encoded(this, InProcessTransport::decode);
        for (ConnectionChannel channel : recipients) {
            ((TestClient) channel).receive(event.name(), decoded);
        }
    }

    @Override
    public void stop() {
        gateway = null;
    }

    /** Connects with a bearer token (null for anonymous). */
    public TestClient connect(String token) {
        return connect(new Credentials(token, Map.of(), "127.0.0.1", "testkit", Map.of()));
    }

    /** Connects with full credentials (to test per-address limits, device info, ...). */
    public TestClient connect(Credentials credentials) {
        ConnectionGateway g = requireStarted();
        Principal principal = g.authenticate(credentials);
        TestClient client = new TestClient(this, g);
        Session session = g.register(ConnectionIds.random(), principal, credentials, TransportKind.IN_PROCESS,
                client);
        client.attach(session);
        g.activate(session);
        return client;
    }

    /** How many times the engine called {@link #fanOut}. */
    public long fanOutCalls() {
        return fanOutCalls.get();
    }

    /** Recipients summed over every {@link #fanOut} call. */
    public long fanOutRecipients() {
        return fanOutRecipients.get();
    }

    private ConnectionGateway requireStarted() {
        ConnectionGateway g = gateway;
        if (g == null) {
            throw new IllegalStateException("transport not started: call Realtime.start() first");
        }
        return g;
    }

    static JsonNode decode(OutboundEvent event) {
        try {
            return Json.reader().readTree(event.payloadJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
