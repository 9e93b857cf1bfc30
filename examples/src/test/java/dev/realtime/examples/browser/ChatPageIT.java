package dev.realtime.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code examples/browser/screenshot.mjs}: chat.html for two users in headless Chromium against the real
 * standalone jar; the script fails unless each side sees the other's message, typing and presence, the messages
 * sent while one page's connection was down appear there once and in order after it reconnects, and a page opened
 * later shows the room's recent history. Needs Node,
 * the browser folder's {@code npm ci} (done by the build) and Chromium ({@code CHROMIUM} or /usr/bin/chromium).
 */
class ChatPageIT {
    @Test
    void twoUsersChatInTheBrowserPage() throws Exception {
        Path dir = Path.of(System.getProperty("realtime.examples.dir", ".")).resolve("browser");
        Path jar = Path.of(System.getProperty("realtime.jar"));
        assertThat(jar).as("the standalone jar is built before the examples").exists();
        Path screenshot = Files.createTempFile("chat-page-it", ".png");
        Path log = Files.createTempFile("chat-page-it", ".log");
        // Output goes to a file, not a pipe: a pipe stays open as long as any child of the script lives.
        ProcessBuilder builder = new ProcessBuilder("node", "screenshot.mjs", screenshot.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("REALTIME_JAR", jar.toString());
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(finished).as("the chat page check finished in 3 minutes:\n" + output).isTrue();
        try {
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("chat page OK");
            assertThat(Files.size(screenshot)).isPositive();
        } finally {
            Files.deleteIfExists(screenshot);
        }
    }
}
