package dev.realtime.core.internal.engine;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.model.EventType;
import dev.realtime.core.protocol.EventNames;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a client event to its handler and answers exactly once: the handler's result as a successful ack,
 * or a refusal as a failed ack (with an ack id) or an {@code error} event (without). Applies the per-connection
 * event rate first. A handler bug becomes {@code INTERNAL_ERROR} for that client, never a crashed thread.
 * Internal.
 */
final class EventRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    /** Handles one event; returns the ack data. */
    @FunctionalInterface
    interface Handler {
        Object handle(LocalConnection connection, InboundEvent event);
    }

    private final Map<String, Handler> handlers;
    private final RealtimeMetrics metrics;
    private final EventRecorder recorder;
    private final PresenceService presence;

    EventRouter(Map<String, Handler> handlers, RealtimeMetrics metrics, EventRecorder recorder,
                PresenceService presence) {
        this.handlers = Map.copyOf(handlers);
        this.metrics = metrics;
        this.recorder = recorder;
        this.presence = presence;
    }

    void route(LocalConnection c, InboundEvent event) {
        long started = System.nanoTime();
        Handler handler = handlers.get(event.name());
        metrics.eventReceived();
        try {
            if (!c.eventBudget().tryTake()) {
                throw new RealtimeException(ErrorCode.RATE_LIMITED, "too many events; slow down");
            }
            if (handler == null) {
                throw new RealtimeException(ErrorCode.UNKNOWN_EVENT, "unknown event: " + printable(event.name()));
            }
            presence.touch(c);
            Object data = handler.handle(c, event);
            if (event.wantsAck()) {
                c.channel().sendAck(event.ackId(), AckReply.ok(data));
            }
        } catch (RealtimeException e) {
            refuse(c, event, e.toError());
        } catch (RuntimeException e) {
            LOG.error("handler of {} failed for connection {}", printable(event.name()), c.id(), e);
            refuse(c, event, RealtimeError.of(ErrorCode.INTERNAL_ERROR, "internal error"));
        } finally {
            metrics.handled(handler == null ? "unknown" : event.name(), System.nanoTime() - started);
        }
    }

    private void refuse(LocalConnection c, InboundEvent event, RealtimeError error) {
        metrics.error(error.code());
        if (event.wantsAck()) {
            c.channel().sendAck(event.ackId(), AckReply.failed(error));
        } else {
            c.channel().send(new OutboundEvent(EventNames.ERROR, error));
        }
        if (error.code() != ErrorCode.RATE_LIMITED) {
            // A flood must not turn into a flood of log rows.
            recorder.record(EventType.ERROR, c, roomOf(event),
                    Map.of("event", printable(event.name()), "code", error.code().name(), "message", error.message()));
        }
    }

    private static String roomOf(InboundEvent event) {
        String room = event.data().path("roomName").asText(null);
        return room != null && dev.realtime.core.model.RoomNames.isValid(room) ? room : null;
    }

    /** Event names come from clients: cut and clean them before they reach logs. */
    private static String printable(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?");
    }
}
