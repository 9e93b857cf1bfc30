package dev.realtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runnable jar as a child process with a clean environment; its output is collected line by line. */
final class JarProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("realtime ready: WebSocket port (\\d+), HTTP port (\\d+)");

    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();

    private JarProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code java -jar realtime-standalone.jar args...} in {@code workDir} with only {@code env} set. */
    static JarProcess launch(Path workDir, Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("realtime.jar", "target/realtime-standalone.jar"));
        assertThat(jar).as("the jar is built by mvn package").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("REALTIME_") || k.equals("DATABASE_URL")
                || k.startsWith("LOG_"));
        builder.environment().putAll(env);
        JarProcess jarProcess = new JarProcess(builder.start());
        Thread pump = new Thread(jarProcess::pump, "jar-output");
        pump.setDaemon(true);
        pump.start();
        return jarProcess;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for the ready line; returns {WebSocket port, HTTP port}. */
    int[] awaitReady() {
        Matcher ready = await().atMost(Duration.ofSeconds(60)).until(() -> output.stream().map(READY::matcher)
                .filter(Matcher::find).findFirst(), Optional::isPresent).orElseThrow();
        return new int[] {Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2))};
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
