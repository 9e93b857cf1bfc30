package dev.realtime.bench.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Runs a shell command that prints one number (heap bytes, event-log rows, ...). */
public final class ShellProbe {
    private final String command;

    /** @param command passed to {@code bash -c}; null or blank means "not measured" */
    public ShellProbe(String command) {
        this.command = command == null || command.isBlank() ? null : command;
    }

    /** Whether a command was given. */
    public boolean enabled() {
        return command != null;
    }

    /** The number the command printed, or -1 when disabled or unparseable. */
    public long read() {
        if (command == null) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out.isEmpty() ? -1 : Long.parseLong(out.lines().reduce((a, b) -> b).orElse("-1").trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
