package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.BusRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://}: a private {@code redis-server} that speaks only TLS, with a certificate made for
 * {@code localhost} by {@code openssl} for this test. The certificate is checked, and so is the host name.
 */
class RedisBusTlsIT {
    private static final String TRUST_STORE_PASSWORD = "changeit";

    private final List<RedisBus> buses = new ArrayList<>();
    private Path keys;
    private Path trustStore;
    private PrivateRedisServer redis;

    @BeforeEach
    void startTlsRedis() throws Exception {
        keys = Files.createTempDirectory("realtime-redis-tls");
        Path certificate = keys.resolve("cert.pem");
        Path key = keys.resolve("key.pem");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", key.toString(), "-out", certificate.toString());
        trustStore = trustStoreWith(certificate);
        redis = PrivateRedisServer.startedWithTls(certificate, key);
    }

    @AfterEach
    void stopEverything() throws IOException {
        buses.forEach(RedisBus::close);
        redis.close();
        try (Stream<Path> files = Files.walk(keys)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private RedisBus bus(String host, boolean trustTheCertificate, BusRecorder recorder) {
        RedisBusOptions.Builder options = RedisBusOptions.builder()
                .url("rediss://" + host + ":" + redis.port())
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
        if (trustTheCertificate) {
            options.trustStore(trustStore, TRUST_STORE_PASSWORD);
        }
        RedisBus bus = new RedisBus(options.build());
        buses.add(bus);
        bus.start(recorder);
        return bus;
    }

    @Test
    void nodesTalkOverTls() {
        BusRecorder received = new BusRecorder();
        RedisBus sender = bus("localhost", true, new BusRecorder());
        RedisBus receiver = bus("localhost", true, received);
        await().atMost(Duration.ofSeconds(20)).until(() -> sender.isConnected() && receiver.isConnected());

        assertThat(sender.publish("over tls".getBytes(StandardCharsets.UTF_8))).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> received.received("over tls"));
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        BusRecorder recorder = new BusRecorder();
        RedisBus node = bus("localhost", false, recorder);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.disconnects() == 1);
        assertThat(node.isConnected()).isFalse();
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        BusRecorder recorder = new BusRecorder();
        // Same server, trusted certificate, but it names localhost, not 127.0.0.1.
        RedisBus node = bus("127.0.0.1", true, recorder);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.disconnects() == 1);
        assertThat(node.isConnected()).isFalse();
    }

    private Path trustStoreWith(Path certificatePem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            store.setCertificateEntry("test-redis", certificate);
        }
        Path file = keys.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
