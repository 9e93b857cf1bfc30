package dev.realtime.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Payload shapes of server events and ack data, serialized as JSON with these exact field names. Times named
 * {@code serverTime} are epoch milliseconds; {@code timestamp}, {@code startedAt} and {@code *At} fields of
 * messages, typing and presence are ISO-8601 strings.
 */
public final class Payloads {
    private Payloads() {
    }

    /** {@code connected}. */
    public record Connected(String socketId, long serverTime, String protocolVersion) {
    }

    /** {@code authenticated}. */
    public record Authenticated(String userId, String sessionId, List<String> rooms) {
    }

    /** {@code user:joined} and {@code user:left}. */
    public record UserRoom(String roomName, String userId) {
    }

    /**
     * {@code message:new}, and each message of a history page or a recovery. {@code seq} is the room offset;
     * {@code clientMessageId} is left out of the JSON when the sender gave none.
     */
    public record MessageNew(String id, String roomName, long seq, String userId, String content, String threadId,
                             String timestamp, JsonNode metadata,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String clientMessageId) {
        public MessageNew(String id, String roomName, long seq, String userId, String content, String threadId,
                          String timestamp, JsonNode metadata) {
            this(id, roomName, seq, userId, content, threadId, timestamp, metadata, null);
        }
    }

    /**
     * Ack data of {@code message:send}; {@code duplicate} is true (else left out) when the message had been
     * accepted before under the same {@code clientMessageId} and this ack repeats the first one.
     */
    public record MessageAccepted(String id, String timestamp, long seq,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Boolean duplicate) {
        public MessageAccepted(String id, String timestamp, long seq) {
            this(id, timestamp, seq, null);
        }

        /** This ack as the answer to a resend. */
        public MessageAccepted asDuplicate() {
            return new MessageAccepted(id, timestamp, seq, true);
        }
    }

    /** One typing user in {@code typing:event}. */
    public record TypingUser(String userId, String startedAt) {
    }

    /** {@code typing:event}: everyone typing in the room's thread right now. */
    public record TypingEvent(String roomName, String threadId, List<TypingUser> users) {
    }

    /** {@code presence:changed} and each entry of {@code presence:get}. */
    public record PresenceChanged(String userId, String status, String customStatus, String customEmoji,
                                  String customStatusExpiresAt, String lastActiveAt, int connectionCount) {
    }

    /** Ack data of {@code presence:get}. */
    public record PresenceList(List<PresenceChanged> presences) {
    }

    /** {@code pong}. {@code timestamp} echoes the client's, or is null. */
    public record Pong(JsonNode timestamp, long serverTime) {
    }

    /**
     * Ack data of {@code room:join}: members are online user ids (at most 100; null, and left out of the JSON, in a
     * room too large to announce joins), typing the main thread's typists; {@code offset} and {@code epoch} the
     * room's history position at the join. The recovery fields are there only when the join asked for one
     * ({@code since}).
     */
    public record JoinResult(String roomName, int memberCount, int onlineCount,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<String> members,
                             List<TypingUser> typing, long offset, String epoch,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean recovered,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<MessageNew> messages) {
    }

    /**
     * Ack data of {@code room:history}: the messages oldest first, and the room's newest offset and epoch, so a
     * client can ask for {@code since} later.
     */
    /** {@code history:reset}: the room's history was lost; it is now at {@code offset} of the new {@code epoch}. */
    public record HistoryReset(String roomName, long offset, String epoch) {
    }

    public record HistoryPage(String roomName, long offset, String epoch, List<MessageNew> messages) {
    }

    /** Ack data of {@code room:leave}, {@code typing:start} and {@code typing:stop}. */
    public record RoomRef(String roomName) {
    }
}
