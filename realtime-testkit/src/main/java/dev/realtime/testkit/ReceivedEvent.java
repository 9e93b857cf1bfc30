package dev.realtime.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event a {@link TestClient} received, decoded from the same JSON a network client would see.
 *
 * @param name event name
 * @param data payload
 */
public record ReceivedEvent(String name, JsonNode data) {
}
