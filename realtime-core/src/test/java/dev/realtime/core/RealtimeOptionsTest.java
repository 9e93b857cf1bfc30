package dev.realtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.model.EventType;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RealtimeOptionsTest {

    @Test
    void defaultsFollowTheOriginalServer() {
        RealtimeOptions o = RealtimeOptions.builder().build();
        assertThat(o.typingTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(o.presenceHeartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.allowAnonymous()).isFalse();
        assertThat(o.autoCreateRooms()).isFalse();
        assertThat(o.presenceScope()).isEqualTo(PresenceScope.ROOMS);
        assertThat(o.roomAnnounceLimit()).isEqualTo(1_000);
        assertThat(o.logEventTypes()).containsExactlyInAnyOrder(EventType.values());
        assertThat(o.nodeId()).startsWith("node-");
    }

    @Test
    void badValuesFailWhereTheyAreSet() {
        RealtimeOptions.Builder b = RealtimeOptions.builder();
        assertThatThrownBy(() -> b.typingTimeout(Duration.ZERO)).hasMessageContaining("typingTimeout");
        assertThatThrownBy(() -> b.maxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> b.batchSize(-1)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> b.roomAnnounceLimit(-1)).hasMessageContaining("roomAnnounceLimit");
        assertThatThrownBy(() -> b.nodeId("has space")).hasMessageContaining("nodeId");
        assertThatThrownBy(() -> b.presenceScope(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        RealtimeOptions o = RealtimeOptions.builder().nodeId("n1").allowAnonymous(true).maxConnections(7)
                .roomAnnounceLimit(0).logEventTypes(Set.of(EventType.MESSAGE)).build();
        RealtimeOptions copy = o.toBuilder().build();
        assertThat(copy.nodeId()).isEqualTo("n1");
        assertThat(copy.allowAnonymous()).isTrue();
        assertThat(copy.maxConnections()).isEqualTo(7);
        assertThat(copy.roomAnnounceLimit()).isZero();
        assertThat(copy.logEventTypes()).containsExactly(EventType.MESSAGE);
    }
}
