package dev.realtime.core.auth;

import static dev.realtime.core.auth.AuthAssertions.accepted;
import static dev.realtime.core.auth.JwtRefusalMatrix.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import dev.realtime.core.testing.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtOptionsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void secretShorterThan32BytesIsRefusedWithAClearMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JwtOptions.builder().hmacSecret("too-short"))
                .withMessageContaining("9 bytes")
                .withMessageContaining("at least 32 bytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JwtOptions.builder().hmacSecret(new byte[31]));
    }

    @Test
    void secretLengthIsCountedInUtf8Bytes() {
        String sixteenTwoByteChars = "é".repeat(16);

        assertThat(JwtOptions.builder().hmacSecret(sixteenTwoByteChars).build().hmacSecret()).hasSize(32);
    }

    @Test
    void exactlyOneKeySourceIsRequired() {
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder().build())
                .withMessageContaining("exactly one");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder()
                        .hmacSecret(SECRET).jwksUrl("https://id.example.com/jwks.json").build())
                .withMessageContaining("2 configured");
    }

    @Test
    void shortcutsConfigureOneKeySource() {
        assertThat(JwtOptions.hmac(SECRET).hmacSecret()).hasSize(32);
        assertThat(JwtOptions.publicKey(TestKeys.pem(TestKeys.ec("secp256r1").getPublic())).publicKey())
                .isInstanceOf(ECPublicKey.class);
        assertThat(JwtOptions.jwks("https://id.example.com/.well-known/jwks.json").jwksUrl())
                .hasHost("id.example.com");
    }

    @Test
    void secretIsCopiedInAndOut() {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        JwtOptions options = JwtOptions.builder().hmacSecret(secret).build();
        secret[0] = 'X';
        options.hmacSecret()[1] = 'Y';

        assertThat(options.hmacSecret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(JwtOptions.builder().hmacSecret(SECRET).build().toString())
                .doesNotContain(SECRET).contains("32 bytes");
    }

    @Test
    void toBuilderDerivesChangedOptions() {
        JwtOptions base = JwtOptions.builder().hmacSecret(SECRET).issuer("iss").audience("aud")
                .clockSkew(Duration.ofSeconds(5)).userIdClaim("uid").build();

        JwtOptions changed = base.toBuilder().audience(null).build();

        assertThat(changed.issuer()).isEqualTo("iss");
        assertThat(changed.audience()).isNull();
        assertThat(changed.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(changed.userIdClaims()).containsExactly(ClaimPath.of("uid"));
        assertThat(changed.hmacSecret()).isEqualTo(base.hmacSecret());
        assertThat(base.audience()).isEqualTo("aud");
    }

    @Test
    void defaults() {
        JwtOptions options = JwtOptions.builder().hmacSecret(SECRET).build();

        assertThat(options.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.userIdClaims()).containsExactly(ClaimPath.of("sub"), ClaimPath.of("userId"),
                ClaimPath.of("https://hasura.io/jwt/claims", "x-hasura-user-id"));
        assertThat(options.issuer()).isNull();
        assertThat(options.audience()).isNull();
        assertThat(options.jwksMaxWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void settersValidateImmediately() {
        JwtOptions.Builder builder = JwtOptions.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.clockSkew(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.clockSkew(Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.issuer(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.audience(""));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.userIdClaims(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.userIdClaim(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.jwksUrl("ftp://id.example.com/jwks"))
                .withMessageContaining("http(s)");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.jwksUrl("/relative/jwks.json"));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.jwksUrl("http://bad host/"));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.jwksRefreshInterval(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.jwksFetchTimeout(Duration.ofMillis(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.jwksMaxWait(Duration.ofMinutes(1)));
    }

    @Test
    void publicKeyPemOfEachKindIsRead() {
        assertThat(JwtOptions.builder().publicKeyPem(TestKeys.pem(TestKeys.rsa(2048).getPublic())).build()
                .publicKey()).isInstanceOf(RSAPublicKey.class);
        assertThat(JwtOptions.builder().publicKeyPem(TestKeys.pem(TestKeys.ec("secp384r1").getPublic())).build()
                .publicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(JwtOptions.builder().publicKeyPem(TestKeys.pem(TestKeys.ed("Ed25519").getPublic())).build()
                .publicKey()).isInstanceOf(EdECPublicKey.class);
    }

    @Test
    void pemWithSurroundingTextAndCrLfIsRead() {
        String pem = "key for staging:\r\n" + TestKeys.pem(TestKeys.ec("secp256r1").getPublic()).replace("\n", "\r\n");

        assertThat(JwtOptions.builder().publicKeyPem(pem).build().publicKey()).isInstanceOf(ECPublicKey.class);
    }

    @Test
    void certificatePemVerifiesTokensOfItsKey() throws Exception {
        String certificate = resource("auth/signing-test-cert.pem");
        JwtAuthenticator authenticator = new JwtAuthenticator(
                JwtOptions.builder().publicKeyPem(certificate).build(), new ManualClock(JwtRefusalMatrix.NOW));

        String token = Tokens.ec(JWSAlgorithm.ES256, testSigningKey(), null, claims().build());

        assertThat(accepted(authenticator, token).userId()).isEqualTo("alice");
    }

    @Test
    void unusablePemIsRefusedWithAClearMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder().publicKeyPem(""))
                .withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder().publicKeyPem("hello"))
                .withMessageContaining("not PEM");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder()
                        .publicKeyPem(TestKeys.pem("PRIVATE KEY", TestKeys.ec("secp256r1").getPrivate().getEncoded())))
                .withMessageContaining("private key");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder()
                        .publicKeyPem(TestKeys.pem("RSA PUBLIC KEY", new byte[] {1, 2, 3})))
                .withMessageContaining("PKCS#1");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder()
                        .publicKeyPem(TestKeys.pem("PUBLIC KEY", new byte[] {1, 2, 3})))
                .withMessageContaining("not an RSA, EC or EdDSA key");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder()
                        .publicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA"))
                .withMessageContaining("no END line");
    }

    @Test
    void weakOrUnsupportedKeysAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder()
                        .publicKeyPem(TestKeys.pem(TestKeys.rsa(1024).getPublic())))
                .withMessageContaining("1024 bits");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.builder()
                        .publicKey(TestKeys.ed("X25519").getPublic()))
                .withMessageContaining("unsupported key");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = JwtOptionsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static PrivateKey testSigningKey() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = JwtOptionsTest.class.getClassLoader().getResourceAsStream("auth/signing-test.p12")) {
            store.load(in, "test-only".toCharArray());
        }
        return (PrivateKey) store.getKey("signing", "test-only".toCharArray());
    }
}
