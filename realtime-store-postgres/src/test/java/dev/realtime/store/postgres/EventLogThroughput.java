package dev.realtime.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A runnable measurement, not a test: pushes event-log rows through {@link PostgresStore#appendEvents} the way
 * the engine's single store writer does (one thread, batches of a fixed size, each payload turned into JSON on
 * that thread) into a fresh database, and prints rows per second. Arguments: rows per round (default 200000),
 * batch size (default 100), rounds (default 3; the first is a warm-up), and a mode: {@code copy} (default: the
 * store as configured by default), {@code durable} (every batch waits for the WAL flush,
 * {@link PostgresStoreOptions.Builder#durableEventLog}) or {@code insert} (the former write path, one batched
 * {@code INSERT ... ON CONFLICT DO NOTHING} per batch with durable commits and the event index by user, kept here
 * for comparison); and the
 * ids: {@code ordered} (default: time-ordered, version 7, as the engine makes them) or {@code random} (version 4,
 * as the engine made them before).
 *
 * <pre>
 * mvn -q -o -pl realtime-store-postgres exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.realtime.store.postgres.EventLogThroughput -Dexec.args="200000 100 3"
 * </pre>
 */
public final class EventLogThroughput {
    /** Shaped like the engine's {@code message:new} payload, which is what the log records per message. */
    private record MessagePayload(String id, String room, long seq, String userId, String content, String threadId,
                                  String timestamp, JsonNode metadata) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EventLogThroughput() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String mode = args.length > 3 ? args[3] : "copy";
        boolean randomIds = args.length > 4 && args[4].equals("random");
        try (TestDatabase database = TestDatabase.create();
             PostgresStore store = PostgresStore.open(
                     database.options().durableEventLog(!mode.equals("copy")).build())) {
            if (mode.equals("insert")) { // the whole former state, with the index schema version 3 dropped
                database.sql("CREATE INDEX realtime_events_user_idx ON realtime_events (user_id, created_at DESC)");
            }
            Consumer<List<EventLogEntry>> writer = mode.equals("insert") ? formerInsert(store) : store::appendEvents;
            for (int round = 1; round <= rounds; round++) {
                long clientCpu = THREADS.getCurrentThreadCpuTime();
                long serverCpu = backendCpuNanos(database.name());
                double rate = round(writer, rows, batchSize, randomIds);
                double clientUs = (THREADS.getCurrentThreadCpuTime() - clientCpu) / 1e3 / rows;
                double serverUs = (backendCpuNanos(database.name()) - serverCpu) / 1e3 / rows;
                System.out.printf(Locale.ROOT, "round %d%s: %d rows in batches of %d, %s, %s ids: %.0f rows/s; CPU "
                        + "per row: writer thread %.1f us, server backend %.1f us%n", round,
                        round == 1 ? " (warm-up)" : "", rows, batchSize, mode, randomIds ? "random" : "ordered", rate,
                        clientUs, serverUs);
            }
            System.out.printf(Locale.ROOT, "rows in table: %d%n",
                    database.queryLong("SELECT count(*) FROM realtime_events"));
        }
    }

    /**
     * CPU time of the server processes serving this database, from /proc (so only for a server on this
     * machine; 0 elsewhere). On a shared, busy machine this is steadier than wall-clock rows/s.
     */
    private static long backendCpuNanos(String databaseName) {
        long ticks = 0;
        File[] processes = new File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
        for (File process : processes == null ? new File[0] : processes) {
            try {
                String cmdline = Files.readString(new File(process, "cmdline").toPath());
                if (cmdline.startsWith("postgres: ") && cmdline.contains(" " + databaseName + " ")) {
                    String stat = Files.readString(new File(process, "stat").toPath());
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            } catch (IOException | RuntimeException e) {
                // The process ended while we looked: its time is lost to the sum, which is only an estimate.
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** The write path before COPY: one batched INSERT (rewritten to multi-row by the driver) per transaction. */
    private static Consumer<List<EventLogEntry>> formerInsert(PostgresStore store) {
        Jdbc jdbc = new Jdbc(store.dataSource());
        return entries -> jdbc.inTransaction("append events", c -> {
            EventLogRepository.insertSkippingExisting(c, entries);
            return null;
        });
    }

    /** Like the engine's event ids: milliseconds first (UUID version 7), then random bits. */
    private static UUID orderedId(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(at.toEpochMilli() << 16 | 0x7000L | random.nextInt(1 << 12),
                0x8000_0000_0000_0000L | random.nextLong() >>> 2);
    }

    private static double round(Consumer<List<EventLogEntry>> store, int rows, int batchSize, boolean randomIds) {
        JsonNode metadata = Json.object().put("client", "bench");
        List<EventLogEntry> batch = new ArrayList<>(batchSize);
        long start = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            Instant now = Instant.now();
            MessagePayload payload = new MessagePayload(UUID.randomUUID().toString(), "room-" + (i % 50), i,
                    "user-" + (i % 1000), "message number " + i + " with some text", null, now.toString(), metadata);
            // As on the writer thread: the payload object becomes JSON there.
            UUID id = randomIds ? UUID.randomUUID() : orderedId(now);
            batch.add(new EventLogEntry(id, EventType.MESSAGE, "sock-" + (i % 1000),
                    "user-" + (i % 1000), "room-" + (i % 50), Json.tree(payload), "198.51.100.4",
                    now));
            if (batch.size() == batchSize) {
                store.accept(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.accept(batch);
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }
}
