package dev.realtime.standalone.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's variables: an optional {@code .env} file overlaid by the real environment (the real
 * environment wins). Nothing else in the code base reads the environment.
 */
public final class EnvSource {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvSource() {
    }

    /**
     * Merges {@code dotEnv} (when it exists) and {@code environment}.
     *
     * @throws ConfigException naming each malformed line of the file
     */
    public static Map<String, String> load(Map<String, String> environment, Path dotEnv) {
        Map<String, String> merged = new HashMap<>();
        if (dotEnv != null && Files.isRegularFile(dotEnv)) {
            try {
                merged.putAll(parse(Files.readAllLines(dotEnv, StandardCharsets.UTF_8), dotEnv.toString()));
            } catch (IOException e) {
                throw new ConfigException(List.of(dotEnv + ": cannot be read: " + e.getMessage()));
            }
        }
        merged.putAll(environment);
        return merged;
    }

    /** Parses {@code KEY=VALUE} lines; {@code #} comments, blank lines, {@code export} and quotes are allowed. */
    static Map<String, String> parse(List<String> lines, String fileName) {
        Map<String, String> values = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).strip();
            if (eq < 0 || !NAME.matcher(name).matches()) {
                problems.add(fileName + " line " + (i + 1) + ": expected NAME=value");
                continue;
            }
            values.put(name, unquote(line.substring(eq + 1).strip()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if ((first == '"' || first == '\'') && first == last) {
                return value.substring(1, value.length() - 1);
            }
        }
        int comment = value.indexOf(" #");
        return comment < 0 ? value : value.substring(0, comment).strip();
    }
}
