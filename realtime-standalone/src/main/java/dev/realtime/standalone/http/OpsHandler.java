package dev.realtime.standalone.http;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Answers requests {@link OpsHttpServer#route mounted} on the operations port. It is called on the server's
 * event loop, which serves every connection of the port: it must return at once, and hand anything that may
 * block (a database call) to its own bounded pool, completing the stage from there. The stage must complete,
 * normally or not, in bounded time: until it does, the connection is neither read nor timed. A throw or an
 * exceptional completion becomes a JSON 500.
 */
@FunctionalInterface
public interface OpsHandler {
    CompletionStage<OpsResponse> handle(OpsRequest request);

    /**
     * The answer when the body of a request for this handler is over {@code limit} bytes; the body is neither
     * read nor passed on. Handlers with their own error format override it.
     *
     * @param head the request without its body
     */
    default OpsResponse tooLarge(OpsRequest head, int limit) {
        return OpsResponse.json(413, Map.of("error", "request body larger than " + limit + " bytes"));
    }
}
