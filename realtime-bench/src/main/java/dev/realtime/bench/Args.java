package dev.realtime.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line options; unknown names are an error at the end. */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final List<String> used = new ArrayList<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + a);
            }
            boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
            values.put(a.substring(2), flag ? "true" : argv[++i]);
        }
    }

    String text(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = text(name, null);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(text(name, Integer.toString(fallback)));
    }

    double decimal(String name, double fallback) {
        return Double.parseDouble(text(name, Double.toString(fallback)));
    }

    List<String> list(String name, String fallback) {
        String v = text(name, fallback);
        return v == null || v.isBlank() ? List.of() : List.of(v.split(","));
    }

    /** Fails on options nobody asked for (typos). */
    void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
    }
}
