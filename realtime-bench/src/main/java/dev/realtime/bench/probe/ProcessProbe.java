package dev.realtime.bench.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time and resident memory of processes, read from {@code /proc}. */
public final class ProcessProbe {
    private final List<String> pids;
    private final int clockTicksPerSecond;

    /**
     * @param pids                process ids to sum over ("self" for this JVM)
     * @param clockTicksPerSecond {@code getconf CLK_TCK}
     */
    public ProcessProbe(List<String> pids, int clockTicksPerSecond) {
        this.pids = List.copyOf(pids);
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    /** A probe of this JVM with the same clock tick rate. */
    public ProcessProbe forSelf() {
        return new ProcessProbe(List.of("self"), clockTicksPerSecond);
    }

    /** User plus system CPU time consumed so far, in microseconds. */
    public long cpuMicros() {
        long ticks = 0;
        for (String pid : pids) {
            ticks += cpuTicks(read(Path.of("/proc", pid, "stat")));
        }
        return ticks * 1_000_000L / clockTicksPerSecond;
    }

    /** Resident set size, in KB. */
    public long rssKb() {
        long kb = 0;
        for (String pid : pids) {
            kb += rssKb(read(Path.of("/proc", pid, "status")));
        }
        return kb;
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/PID/stat} line. */
    static long cpuTicks(String stat) {
        // the command name (field 2) may contain spaces; fields are counted after its closing ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** VmRSS of a {@code /proc/PID/status} text, in KB. */
    static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no VmRSS line");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
