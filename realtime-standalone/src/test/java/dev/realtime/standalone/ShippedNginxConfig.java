package dev.realtime.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parts of the shipped {@code deploy/nginx.conf} that route Socket.IO clients (the upgrade {@code map}, the
 * {@code realtime_ws} upstream and the {@code location /socket.io/} block), read from the file itself so that the
 * proxy tests test what is shipped. Only the server addresses are swapped for the test's nodes.
 */
final class ShippedNginxConfig {
    private final String text;

    private ShippedNginxConfig(String text) {
        this.text = text;
    }

    /** Reads {@code deploy/nginx.conf} of the repository this module belongs to. */
    static ShippedNginxConfig load() throws IOException {
        Path file = Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("nginx.conf");
        return new ShippedNginxConfig(Files.readString(file));
    }

    /** The {@code map $http_upgrade $connection_upgrade} block. */
    String upgradeMap() {
        return block("map $http_upgrade $connection_upgrade");
    }

    /**
     * The {@code realtime_ws} upstream renamed to {@code name}, with {@code servers} instead of the shipped
     * example addresses; {@code sticky} false drops the hash on the client address (plain round robin).
     */
    String clientUpstream(String name, List<String> servers, boolean sticky) {
        String shipped = block("upstream realtime_ws");
        String addresses = servers.stream().map(s -> "    server " + s + ";").collect(Collectors.joining("\n"));
        String body = shipped.lines()
                .filter(line -> !line.trim().startsWith("server ") && !line.trim().startsWith("# server "))
                .filter(line -> sticky || !line.trim().startsWith("hash "))
                .collect(Collectors.joining("\n"));
        if (sticky && !body.contains("hash $remote_addr consistent;")) {
            throw new IllegalStateException("deploy/nginx.conf's realtime_ws upstream no longer hashes on the "
                    + "client address:\n" + shipped);
        }
        return body.replaceFirst("upstream realtime_ws \\{", "upstream " + name + " {\n" + addresses);
    }

    /** The {@code location /socket.io/} block, passing to upstream {@code upstream}. */
    String socketIoLocation(String upstream) {
        return block("location /socket.io/").replace("proxy_pass http://realtime_ws;", "proxy_pass http://" + upstream + ";");
    }

    /**
     * The {@code location /socket.io/} block as a proxy that does not pass WebSocket upgrades: the
     * {@code Upgrade} and {@code Connection} headers are not forwarded.
     */
    String socketIoLocationWithoutUpgrades(String upstream) {
        return socketIoLocation(upstream).lines()
                .filter(line -> !line.contains("proxy_set_header Upgrade") && !line.contains("proxy_set_header Connection"))
                .collect(Collectors.joining("\n"));
    }

    /** The block opened by the first line starting with {@code header}, up to its matching closing brace. */
    private String block(String header) {
        int start = text.indexOf(header + " {");
        if (start < 0 || (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != ' ')) {
            throw new IllegalStateException("deploy/nginx.conf has no block '" + header + "'");
        }
        int depth = 0;
        for (int i = text.indexOf('{', start); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        throw new IllegalStateException("deploy/nginx.conf: block '" + header + "' is not closed");
    }
}
