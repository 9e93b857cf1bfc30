package dev.realtime.standalone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.standalone.http.OpsRequest;
import dev.realtime.standalone.http.OpsResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin handler on hand-made requests: token, body rules and error format, without a socket. */
class AdminHandlerTest {
    private static final String TOKEN = "unit-admin-token-0123456789";

    private final AdminHandler handler = new AdminHandler(new BearerToken(TOKEN), new Router()
            .add("POST", "/api/echo/{name}", request -> ApiResponse.created(Map.of("name", request.path("name"),
                    "value", request.json().requiredString("value", 10), "q", request.query())))
            .add("DELETE", "/api/echo/{name}", request -> ApiResponse.noContent()), 64);

    private static OpsRequest post(String target, String body) {
        return OpsRequest.of("POST", target).withHeader("Authorization", "Bearer " + TOKEN)
                .withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersARoutedRequest() {
        OpsResponse created = handler.handle(post("/api/echo/a%40b?x=1", "{\"value\":\"v\"}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).isEqualTo(OpsResponse.JSON);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(created.bodyText()).contains("\"name\":\"a@b\"", "\"value\":\"v\"", "\"q\":{\"x\":\"1\"}");
        OpsResponse deleted = handler.handle(OpsRequest.of("DELETE", "/api/echo/a")
                .withHeader("authorization", "bearer " + TOKEN));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.bodyText()).isEmpty();
    }

    @Test
    void aMissingTokenIs401WithAChallenge() {
        OpsResponse refused = handler.handle(OpsRequest.of("POST", "/api/echo/a").withBody("{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.bodyText()).contains("\"code\":\"AUTH_REQUIRED\"").doesNotContain(TOKEN);
    }

    @Test
    void bodiesMustBeOneJsonValueWithinTheLimit() {
        for (String body : new String[] {"{\"value\":\"v\"}xyz", "{\"value\":\"v\"}{}", "{\"value\":\"v\"} 1", "nope"}) {
            OpsResponse refused = handler.handle(post("/api/echo/a", body));
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.bodyText()).contains("\"code\":\"VALIDATION_ERROR\"", "\"field\":\"body\"");
        }
        assertThat(handler.handle(post("/api/echo/a", "{\"value\":\"v\"}\r\n ")).status()).isEqualTo(201);
        OpsResponse tooLarge = handler.handle(post("/api/echo/a", "{\"value\":\"" + "v".repeat(64) + "\"}"));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.bodyText()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
    }
}
