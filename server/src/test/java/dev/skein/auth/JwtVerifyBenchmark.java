package dev.skein.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.skein.config.AuthConfig;
import dev.skein.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The CPU one CONNECT's token check costs on an event loop, by algorithm family: {@link JwtAuthenticator#verify}
 * of a valid token (parse, signature, claims), on one thread, median of 5 rounds after a warm-up. Not a
 * pass/fail test.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests} once, then {@code ./mvnw -q -pl server exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.auth.JwtVerifyBenchmark}
 */
public final class JwtVerifyBenchmark {
    private static final String SECRET = "a benchmark secret of at least thirty-two bytes";
    private static final int ROUNDS = 5;

    private JwtVerifyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("skein-jwt-bench");
        KeyPair rsa = TestTokens.rsa(2048);
        KeyPair ec = TestTokens.ec("secp256r1");
        String claims = "alice";
        Instant exp = Instant.now().plusSeconds(3600);
        measure(
                "HS256 (secret)",
                50_000,
                authenticator(a -> a.jwtSecret(SECRET)),
                TestTokens.hmac(
                        SECRET,
                        JWSAlgorithm.HS256,
                        TestTokens.claims(claims, exp).build()));
        measure(
                "RS256 (RSA 2048)",
                20_000,
                authenticator(a -> a.jwtPublicKeyFile(pem(dir, "rsa.pem", rsa))),
                TestTokens.signed(
                        rsa,
                        JWSAlgorithm.RS256,
                        null,
                        TestTokens.claims(claims, exp).build()));
        measure(
                "ES256 (EC P-256)",
                5_000,
                authenticator(a -> a.jwtPublicKeyFile(pem(dir, "ec.pem", ec))),
                TestTokens.signed(
                        ec,
                        JWSAlgorithm.ES256,
                        null,
                        TestTokens.claims(claims, exp).build()));
        KeyPair ed = TestTokens.of("Ed25519");
        measure(
                "EdDSA (Ed25519)",
                5_000,
                authenticator(a -> a.jwtPublicKeyFile(pem(dir, "ed.pem", ed))),
                TestTokens.jdkSigned(
                        ed,
                        "Ed25519",
                        "{\"alg\":\"EdDSA\"}",
                        TestTokens.claims(claims, exp).build().toString()));
    }

    private static void measure(String name, int count, JwtAuthenticator jwt, String token) {
        for (int i = 0; i < count; i++) {
            check(jwt.verify(token));
        }
        long[] nanosEach = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long began = System.nanoTime();
            for (int i = 0; i < count; i++) {
                check(jwt.verify(token));
            }
            nanosEach[round] = (System.nanoTime() - began) / count;
        }
        Arrays.sort(nanosEach);
        System.out.printf(
                Locale.ROOT,
                "%-18s %8.1f us per token (median of %d rounds of %,d; rounds %s ns)%n",
                name,
                nanosEach[ROUNDS / 2] / 1_000.0,
                ROUNDS,
                count,
                Arrays.toString(nanosEach));
    }

    private static void check(AuthResult result) {
        if (!result.accepted()) {
            throw new IllegalStateException(result.toString());
        }
    }

    private static JwtAuthenticator authenticator(UnaryOperator<AuthConfig.Builder> change) {
        return JwtAuthenticator.create(change.apply(AuthConfig.builder()).build(), Clock.systemUTC());
    }

    private static Path pem(Path dir, String name, KeyPair keys) {
        return TestTokens.write(
                dir.resolve(name), TestTokens.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    }
}
