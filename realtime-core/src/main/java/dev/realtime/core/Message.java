package dev.realtime.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.realtime.core.internal.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A chat message to send, built with named parts instead of positional nulls:
 *
 * <pre>{@code
 * rt.send("general", "system", Message.of("hello"));
 * rt.send("general", "deploy-bot", Message.builder("v2 is live")
 *         .threadId("releases")
 *         .metadata(Map.of("version", "2.0"))
 *         .replyTo(earlier.id().toString())
 *         .build());
 * }</pre>
 *
 * <p>Also what a {@link dev.realtime.core.hooks.SendAuthorizer} is shown for a client's {@code message:send}.
 * Immutable. The wire protocol has no reply field, so {@link Builder#replyTo} is carried in the metadata under
 * {@value #REPLY_TO}, where clients find it.
 */
public final class Message {
    /** The metadata key a reply's parent message id is kept under. */
    public static final String REPLY_TO = "replyTo";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String content;
    private final Map<String, Object> metadata;
    private final String threadId;
    private final String clientMessageId;

    private Message(Builder b) {
        this.content = b.content;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.threadId = b.threadId;
        this.clientMessageId = b.clientMessageId;
    }

    /** A message with only content. */
    public static Message of(String content) {
        return builder(content).build();
    }

    public static Builder builder(String content) {
        return new Builder(content);
    }

    public String content() {
        return content;
    }

    /** The metadata object, empty when there is none; values are what JSON can hold (maps, lists, strings...). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The thread, or null. */
    public String threadId() {
        return threadId;
    }

    /** The id of the message this one answers ({@value #REPLY_TO} in the metadata when a string), or null. */
    public String replyTo() {
        return metadata.get(REPLY_TO) instanceof String id ? id : null;
    }

    /** The sender's own id of the message, so a resend is recognised; or null. */
    public String clientMessageId() {
        return clientMessageId;
    }

    @Override
    public String toString() {
        return "Message[content=" + content.length() + " chars, threadId=" + threadId + ", metadata="
                + metadata.keySet() + ", clientMessageId=" + clientMessageId + "]";
    }

    /** Collects a message's parts; the limits of {@link RealtimeOptions} are checked when it is sent. */
    public static final class Builder {
        private final String content;
        private Map<String, Object> metadata = new LinkedHashMap<>();
        private String threadId;
        private String replyTo;
        private String clientMessageId;

        private Builder(String content) {
            this.content = Objects.requireNonNull(content, "content");
        }

        /** Metadata as a map of JSON values; replaces metadata set before. */
        public Builder metadata(Map<String, ?> value) {
            Objects.requireNonNull(value, "metadata");
            try {
                this.metadata = new LinkedHashMap<>(Json.convert(value, MAP));
            } catch (IllegalArgumentException e) {
                throw RealtimeException.validation("metadata", "metadata cannot be written as JSON: "
                        + e.getMessage());
            }
            return this;
        }

        /** Metadata as the text of a JSON object; replaces metadata set before. */
        public Builder metadataJson(String json) {
            Objects.requireNonNull(json, "metadata");
            Map<String, Object> parsed;
            try {
                parsed = Json.reader().forType(MAP).readValue(json);
            } catch (JsonProcessingException e) {
                throw RealtimeException.validation("metadata", "metadata must be a JSON object: "
                        + e.getOriginalMessage());
            }
            if (parsed == null) {
                throw RealtimeException.validation("metadata", "metadata must be a JSON object, was null");
            }
            this.metadata = new LinkedHashMap<>(parsed);
            return this;
        }

        public Builder threadId(String value) {
            this.threadId = value;
            return this;
        }

        /** The id of the message this one answers. */
        public Builder replyTo(String messageId) {
            this.replyTo = messageId;
            return this;
        }

        public Builder clientMessageId(String value) {
            this.clientMessageId = value;
            return this;
        }

        public Message build() {
            if (replyTo != null) {
                metadata.put(REPLY_TO, replyTo);
            }
            return new Message(this);
        }
    }
}
