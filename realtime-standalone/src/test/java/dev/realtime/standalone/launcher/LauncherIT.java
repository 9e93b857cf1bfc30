package dev.realtime.standalone.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.auth.JwtIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives {@code bin/realtime start/status/stop} against the built jar on free ports, in a scratch directory. */
class LauncherIT {
    private static final String SECRET = "launcher-it-secret-0123456789abcdef012345";
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("bin/realtime");

    private final Path home = createHome();
    private final Path pidFile = home.resolve("run/realtime.pid");
    private final Path logFile = home.resolve("logs/realtime.log");
    /** The launcher's class-data archive is off except in the test about it (it works in the background). */
    private final Map<String, String> launcherEnv = new HashMap<>(Map.of("REALTIME_CDS", "off"));

    private static Path createHome() {
        try {
            return Files.createTempDirectory("realtime-launcher-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("REALTIME_JAR", System.getProperty("realtime.jar"));
        env.put("REALTIME_PID_FILE", pidFile.toString());
        env.put("REALTIME_LOG_FILE", logFile.toString());
        env.put("REALTIME_HOST", "127.0.0.1");
        env.put("REALTIME_PORT", "0");
        env.put("REALTIME_HTTP_PORT", "0");
        env.put("REALTIME_JWT_SECRET", SECRET);
        env.put("REALTIME_ROOMS", "general");
        env.putAll(launcherEnv);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("launcher finished: " + output).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void startStatusStopLeaveNoProcessAndNoPidFile() throws Exception {
        assertThat(SCRIPT).as("launcher script").exists();
        Result started = run("start");
        assertThat(started.exit()).as(started.output()).isZero();
        assertThat(started.output()).contains("started (pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid)).as("server process").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        Result status = run("status");
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("running (pid " + pid + ")", "health:         ok", "connections:    0");
        int wsPort = port(status.output(), "WebSocket port");
        assertThat(port(status.output(), "HTTP port")).isPositive();

        WebSocket socket = connectJsonClient(wsPort);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(run("status").output()).contains("connections:    1"));
        socket.abort();

        assertThat(run("start").output()).contains("already running (pid " + pid + ")");
        assertThat(run("logs").output()).contains("realtime ready: WebSocket port " + wsPort);

        Result restarted = run("restart");
        assertThat(restarted.exit()).as(restarted.output()).isZero();
        assertThat(restarted.output()).contains("stopped (pid " + pid + ")", "started (pid");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("old process gone").isFalse();
        pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(restarted.output()).contains("started (pid " + pid + ")");

        Result stopped = run("stop");
        assertThat(stopped.exit()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("stopped (pid " + pid + ")");
        assertThat(pidFile).doesNotExist();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process gone").isFalse();
        assertThat(Files.readString(logFile)).contains("shut down");

        Result after = run("status");
        assertThat(after.exit()).isEqualTo(3);
        assertThat(after.output()).contains("not running");
        assertThat(run("stop").output()).contains("not running");
    }

    @Test
    void theFirstStartOfAJarLeavesAClassDataArchiveThatTheNextStartMaps() throws Exception {
        launcherEnv.put("REALTIME_CDS", "auto");
        launcherEnv.put("REALTIME_CDS_DELAY", "0");
        Result started = run("start");
        assertThat(started.exit()).as(started.output()).isZero();
        assertThat(commandLine(Long.parseLong(Files.readString(pidFile).strip()))).contains("-XX:DumpLoadedClassList=");
        // made in the background at the lowest priority: generous for a busy machine
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Stream<Path> files = Files.list(pidFile.getParent())) {
                return files.anyMatch(p -> p.getFileName().toString().matches("realtime-\\d+\\.jsa"));
            }
        });

        Result restarted = run("restart");
        assertThat(restarted.exit()).as(restarted.output()).isZero();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(commandLine(pid)).contains("-XX:SharedArchiveFile=");
        assertThat(run("status").output()).contains("health:         ok");
        assertThat(run("stop").output()).contains("stopped (pid " + pid + ")");
    }

    /** The process's arguments (Linux), or the expected text where /proc is missing. */
    private static String commandLine(long pid) throws IOException {
        Path cmdline = Path.of("/proc/" + pid + "/cmdline");
        return Files.exists(cmdline) ? Files.readString(cmdline).replace('\0', ' ') : "-XX:DumpLoadedClassList= -XX:SharedArchiveFile=";
    }

    @Test
    void otherCommandsGoToTheJar() throws Exception {
        Result version = run("--version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).contains("realtime 0.1.0");
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aServerThatCannotStartIsReportedWithItsLog() throws Exception {
        Result failed = run("start", "--no-such-option");
        assertThat(failed.exit()).isNotZero();
        assertThat(failed.output()).contains("exited during start-up", "no-such-option");
        assertThat(pidFile).doesNotExist();
    }

    private static int port(String output, String label) {
        Matcher m = Pattern.compile(label + ":\\s+(\\d+)").matcher(output);
        assertThat(m.find()).as(label + " in " + output).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static WebSocket connectJsonClient(int port) {
        String token = new JwtIssuer(SECRET).issue("launcher-user", Duration.ofMinutes(5));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
                .join();
        socket.sendText("{\"event\":\"auth\",\"data\":{\"token\":\"" + token + "\"}}", true).join();
        return socket;
    }

    /**
     * @param exit   exit status
     * @param output stdout and stderr
     */
    private record Result(int exit, String output) {
    }
}
