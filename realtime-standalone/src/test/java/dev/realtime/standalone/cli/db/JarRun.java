package dev.realtime.standalone.cli.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the standalone jar's main in a child JVM and captures what it printed. */
record JarRun(int exitCode, String out, String err) {
    static JarRun of(Map<String, String> env, String... args) {
        String jar = System.getProperty("realtime.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the standalone jar is missing (system property realtime.jar): " + jar);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("REALTIME_") || k.equals("DATABASE_URL")
                || k.startsWith("LOG_"));
        pb.environment().putAll(env);
        try {
            Path dir = Files.createTempDirectory("realtime-cli");
            pb.directory(dir.toFile()); // no stray .env from the working directory
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the jar did not finish: " + command);
            }
            JarRun run = new JarRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            Files.delete(dir);
            return run;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the jar", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
