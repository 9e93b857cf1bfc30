package dev.realtime.core.spi.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.realtime.core.RealtimeError;

/**
 * The single answer to an event that carried an ack id:
 * {@code {"success":true,"data":...}} or {@code {"success":false,"error":{...}}}.
 *
 * @param success whether the event was accepted
 * @param data    result data when accepted
 * @param error   refusal when not accepted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AckReply(boolean success, Object data, RealtimeError error) {
    public static AckReply ok(Object data) {
        return new AckReply(true, data, null);
    }

    public static AckReply failed(RealtimeError error) {
        return new AckReply(false, null, error);
    }
}
