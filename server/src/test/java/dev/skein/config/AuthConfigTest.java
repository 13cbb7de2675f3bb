package dev.skein.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code SKEIN_AUTH_*} settings: read, validated, and never showing the secret. */
class AuthConfigTest {
    private static final String SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret-40b!"; // 39 bytes

    @TempDir
    Path dir;

    @Test
    void withoutAnyAuthSettingNoClientNeedsAToken() {
        AuthConfig auth = ConfigLoader.load(new String[0], Map.of()).auth();

        assertThat(auth.enabled()).isFalse();
        assertThat(auth.jwtClockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(auth.roomsClaim()).isEqualTo("rooms");
    }

    @Test
    void everySettingIsRead() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
        AuthConfig auth = ConfigLoader.load(
                        new String[] {"--auth-jwt-clock-skew-ms", "5000"},
                        Map.of(
                                "SKEIN_AUTH_JWT_PUBLIC_KEY", key.toString(),
                                "SKEIN_AUTH_JWT_ALGORITHMS", "rs256, ES256",
                                "SKEIN_AUTH_JWT_AUDIENCE", "skein",
                                "SKEIN_AUTH_JWT_ISSUER", "https://id.example",
                                "SKEIN_AUTH_ROOMS_CLAIM", "skein_rooms"))
                .auth();

        assertThat(auth.enabled()).isTrue();
        assertThat(auth.jwtPublicKeyFile()).isEqualTo(key);
        assertThat(auth.jwtAlgorithms()).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(auth.jwtAudience()).isEqualTo("skein");
        assertThat(auth.jwtIssuer()).isEqualTo("https://id.example");
        assertThat(auth.jwtClockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(auth.roomsClaim()).isEqualTo("skein_rooms");
    }

    @Test
    void aShortSecretIsRefusedWithOneLineThatNeverShowsIt() {
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_SECRET", "short-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SKEIN_AUTH_JWT_SECRET : (hidden, 12 characters) (expected: at least 32 bytes (256 bits)"
                        + " for HS256)");
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET, "SKEIN_AUTH_JWT_ALGORITHMS", "HS512")))
                .hasMessage("SKEIN_AUTH_JWT_SECRET : (hidden, 39 characters) (expected: at least 64 bytes (512 bits)"
                        + " for HS512)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(load(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET)).auth().enabled())
                .isTrue();
        assertThat(load(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET)).toString()).doesNotContain(SECRET);
    }

    @Test
    void hmacAlgorithmsGoWithTheSecretOnlyAndNoneNever() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");

        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET, "SKEIN_AUTH_JWT_ALGORITHMS", "RS256")))
                .hasMessage("SKEIN_AUTH_JWT_ALGORITHMS : RS256 (expected: HS256, HS384 or HS512 with"
                        + " SKEIN_AUTH_JWT_SECRET)");
        assertThatThrownBy(() -> load(Map.of(
                        "SKEIN_AUTH_JWT_PUBLIC_KEY", key.toString(), "SKEIN_AUTH_JWT_ALGORITHMS", "RS256,HS256")))
                .hasMessageStartingWith(
                        "SKEIN_AUTH_JWT_ALGORITHMS : RS256,HS256 (expected: RS*, PS*, ES* or EdDSA with a public key");
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET, "SKEIN_AUTH_JWT_ALGORITHMS", "none")))
                .hasMessageContaining("never none");
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET, "SKEIN_AUTH_JWT_ALGORITHMS", "HS999")))
                .hasMessageStartingWith("SKEIN_AUTH_JWT_ALGORITHMS : HS999 (expected:");
    }

    @Test
    void halfAnAuthenticationNeverStartsANodeThatLetsEveryoneIn() {
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_AUDIENCE", "skein")))
                .hasMessage("SKEIN_AUTH_JWT_AUDIENCE : skein (expected: set together with SKEIN_AUTH_JWT_SECRET,"
                        + " SKEIN_AUTH_JWT_PUBLIC_KEY or SKEIN_AUTH_JWKS_FILE)");
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_ISSUER", "https://id.example")))
                .hasMessageStartingWith("SKEIN_AUTH_JWT_ISSUER : https://id.example (expected: set together with");
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_ALGORITHMS", "RS256")))
                .hasMessageStartingWith("SKEIN_AUTH_JWT_ALGORITHMS : RS256 (expected:");
    }

    @Test
    void oneKeySourceAtMostAndEachFileReadable() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET, "SKEIN_AUTH_JWKS_FILE", key.toString())))
                .hasMessageStartingWith("SKEIN_AUTH_JWKS_FILE : " + key + " (expected: one of SKEIN_AUTH_JWT_SECRET,");
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWT_PUBLIC_KEY", missing.toString())))
                .hasMessage("SKEIN_AUTH_JWT_PUBLIC_KEY : " + missing
                        + " (expected: a readable PEM public key or certificate file)");
        assertThatThrownBy(() -> load(Map.of("SKEIN_AUTH_JWKS_FILE", dir.toString())))
                .hasMessage("SKEIN_AUTH_JWKS_FILE : " + dir + " (expected: a readable JWKS (JSON Web Key Set) file)");
    }

    @Test
    void theClockSkewAndTheRoomsClaimAreBounded() {
        Map<String, String> env = new HashMap<>(Map.of("SKEIN_AUTH_JWT_SECRET", SECRET));
        env.put("SKEIN_AUTH_JWT_CLOCK_SKEW_MS", "600001");
        assertThatThrownBy(() -> load(env))
                .hasMessage("SKEIN_AUTH_JWT_CLOCK_SKEW_MS : 600001 (expected: 0..600000 ms)");
        env.put("SKEIN_AUTH_JWT_CLOCK_SKEW_MS", "0");
        assertThat(load(env).auth().jwtClockSkew()).isZero();
        env.put("SKEIN_AUTH_ROOMS_CLAIM", "two words");
        assertThatThrownBy(() -> load(env)).hasMessageStartingWith("SKEIN_AUTH_ROOMS_CLAIM : two words (expected:");
    }

    private static SkeinConfig load(Map<String, String> env) {
        return ConfigLoader.load(new String[0], env);
    }
}
