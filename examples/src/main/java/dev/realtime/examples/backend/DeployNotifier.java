package dev.realtime.examples.backend;

import java.util.Map;

/**
 * A backend job telling a room that a deployment finished: a chat line for people and a structured event for
 * dashboards. Configure with {@code REALTIME_ADMIN_URL} (default {@code http://localhost:3102}) and
 * {@code REALTIME_ADMIN_TOKEN}; usage: {@code DeployNotifier ROOM VERSION}.
 */
public final class DeployNotifier {
    private final AdminApiClient api;

    public DeployNotifier(AdminApiClient api) {
        this.api = api;
    }

    /** Announces the deployment; returns the chat message's id. */
    public String announce(String room, String version) {
        AdminApiClient.SentMessage message = api.sendMessage(room, "deploy-bot", "Version " + version + " is live");
        api.publishEvent(room, "deploy:finished", Map.of("version", version, "messageId", message.id()));
        return message.id();
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: DeployNotifier ROOM VERSION");
            System.exit(2);
        }
        String url = System.getenv().getOrDefault("REALTIME_ADMIN_URL", "http://localhost:3102");
        String token = System.getenv("REALTIME_ADMIN_TOKEN");
        if (token == null) {
            System.err.println("set REALTIME_ADMIN_TOKEN to the server's admin token");
            System.exit(2);
        }
        String id = new DeployNotifier(new AdminApiClient(url, token)).announce(args[0], args[1]);
        System.out.println("announced, message id " + id);
    }
}
