package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void aMessageOfContentAloneHasNoOptionalParts() {
        Message m = Message.of("hello");

        assertThat(m.content()).isEqualTo("hello");
        assertThat(m.metadata()).isEmpty();
        assertThat(m.threadId()).isNull();
        assertThat(m.replyTo()).isNull();
        assertThat(m.clientMessageId()).isNull();
    }

    @Test
    void metadataComesFromAMapOrFromJsonTextAndIsImmutable() {
        Message fromMap = Message.builder("a").metadata(Map.of("n", 7, "tags", List.of("x"))).build();
        Message fromJson = Message.builder("a").metadataJson("{\"n\":7,\"tags\":[\"x\"]}").build();

        assertThat(fromMap.metadata()).isEqualTo(fromJson.metadata()).containsEntry("n", 7);
        assertThatThrownBy(() -> fromMap.metadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void replyToTravelsInTheMetadata() {
        Message m = Message.builder("yes").threadId("t1").replyTo("m-1").clientMessageId("c-1")
                .metadata(Map.of("kind", "answer")).build();

        assertThat(m.replyTo()).isEqualTo("m-1");
        assertThat(m.metadata()).containsEntry(Message.REPLY_TO, "m-1").containsEntry("kind", "answer");
        assertThat(m.threadId()).isEqualTo("t1");
        assertThat(m.clientMessageId()).isEqualTo("c-1");
    }

    @Test
    void metadataThatIsNoJsonObjectIsAValidationError() {
        assertThatThrownBy(() -> Message.builder("a").metadataJson("[1,2]"))
                .isInstanceOf(RealtimeException.class)
                .satisfies(e -> assertThat(((RealtimeException) e).code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
        assertThatThrownBy(() -> Message.builder("a").metadataJson("null"))
                .isInstanceOf(RealtimeException.class);
        assertThatThrownBy(() -> Message.builder(null)).isInstanceOf(NullPointerException.class);
    }
}
