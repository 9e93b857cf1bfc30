package dev.realtime.bench.scenario;

import dev.realtime.core.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Appends one JSON object per run to a JSON-lines file and echoes it to stdout. */
public final class Records {
    private final Path out;

    /** @param out the JSON-lines file (created if absent) */
    public Records(Path out) {
        this.out = out;
    }

    /** A new record for {@code scenario} on {@code target}. */
    public static Map<String, Object> record(BenchTarget target, String scenario) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("server", target.server());
        r.put("scenario", scenario);
        return r;
    }

    /** Adds p50/p99/p999/max in milliseconds. */
    public static void latency(Map<String, Object> r, String prefix, Histogram h) {
        r.put(prefix + "p50_ms", ms(h.getValueAtPercentile(50)));
        r.put(prefix + "p99_ms", ms(h.getValueAtPercentile(99)));
        r.put(prefix + "p999_ms", ms(h.getValueAtPercentile(99.9)));
        r.put(prefix + "max_ms", ms(h.getMaxValue()));
    }

    /** Microseconds to milliseconds, three decimals. */
    public static double ms(long micros) {
        return Math.round(micros / 1.0) / 1000.0;
    }

    /** Rounds to {@code places} decimals. */
    public static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** Writes {@code record} as one line. */
    public void write(Map<String, Object> record) {
        try {
            String line = Json.writer().writeValueAsString(record);
            System.out.println(line);
            Files.writeString(out, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
