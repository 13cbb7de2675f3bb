package dev.skein.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.skein.config.AuthConfig;
import dev.skein.config.ConfigException;
import dev.skein.socket.Handshake;
import dev.skein.testing.TestCertificate;
import dev.skein.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JWT authenticator with keys made by the test and a clock it fixes: every algorithm family, every reason
 * a token is refused, the clock skew, and the attacks (alg none, HMAC keyed with the public key).
 */
class JwtAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"; // 64 bytes
    private static final KeyPair RSA = TestTokens.rsa(2048);

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- HMAC

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void aSecretAcceptsEveryHmacAlgorithmItIsLongEnoughFor(String algorithm) {
        JwtAuthenticator jwt = secret(SECRET);

        AuthResult result = jwt.verify(TestTokens.hmac(SECRET, JWSAlgorithm.parse(algorithm), valid().build()));

        assertThat(result.accepted()).as(result.toString()).isTrue();
        assertThat(result.claims().subject()).hasValue("alice");
        assertThat(result.claims().expiresAt()).hasValue(NOW.plusSeconds(600));
        assertThat(result.claims().asMap())
                .containsEntry("sub", "alice")
                .containsEntry("exp", NOW.plusSeconds(600).getEpochSecond())
                .containsEntry("rooms", List.of("orders-*", "lobby"));
    }

    @Test
    void aShortSecretAcceptsOnlyTheAlgorithmsItIsLongEnoughFor() {
        String secret32 = SECRET.substring(0, 32);
        JwtAuthenticator jwt = secret(secret32);
        String payload = "{\"sub\":\"alice\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}";

        assertThat(jwt.algorithms()).containsExactly("HS256");
        assertThat(jwt.verify(TestTokens.hmac(secret32, JWSAlgorithm.HS256, valid().build()))
                        .accepted())
                .isTrue();
        String hs512 = TestTokens.forgedHmac(
                "{\"alg\":\"HS512\"}", payload, "HmacSHA512", secret32.getBytes(StandardCharsets.UTF_8));
        assertThat(reason(jwt, hs512)).isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void theConfiguredAlgorithmsAreTheOnlyOnesAccepted() {
        JwtAuthenticator jwt = authenticator(a -> a.jwtSecret(SECRET).jwtAlgorithms(Set.of("HS512")));

        assertThat(reason(jwt, TestTokens.hmac(SECRET, JWSAlgorithm.HS256, valid().build())))
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
        assertThat(jwt.verify(TestTokens.hmac(SECRET, JWSAlgorithm.HS512, valid().build()))
                        .accepted())
                .isTrue();
    }

    @Test
    void aTokenSignedWithAnotherSecretOrTamperedWithHasABadSignature() {
        JwtAuthenticator jwt = secret(SECRET);
        String other = TestTokens.hmac(SECRET.toUpperCase(java.util.Locale.ROOT), JWSAlgorithm.HS256, valid().build());
        String good = TestTokens.hmac(SECRET, JWSAlgorithm.HS256, valid().build());
        String[] parts = good.split("\\.");
        String forgedPayload = com.nimbusds.jose.util.Base64URL.encode(
                        ("{\"sub\":\"mallory\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}")
                                .getBytes(StandardCharsets.UTF_8))
                .toString();

        assertThat(reason(jwt, other)).isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
        assertThat(reason(jwt, parts[0] + "." + forgedPayload + "." + parts[2]))
                .isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
    }

    // ---------------------------------------------------------------- public keys

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
    void anRsaPublicKeyAcceptsTheRsaAlgorithms(String algorithm) {
        JwtAuthenticator jwt = publicKey(RSA);

        AuthResult result = jwt.verify(TestTokens.signed(RSA, JWSAlgorithm.parse(algorithm), null, valid().build()));

        assertThat(result.accepted()).as(result.toString()).isTrue();
        assertThat(result.claims().subject()).hasValue("alice");
    }

    @ParameterizedTest
    @CsvSource({"secp256r1,ES256", "secp384r1,ES384", "secp521r1,ES512"})
    void anEcPublicKeyAcceptsTheAlgorithmOfItsCurveOnly(String curve, String algorithm) {
        KeyPair ec = TestTokens.ec(curve);
        JwtAuthenticator jwt = publicKey(ec);

        assertThat(jwt.algorithms()).containsExactly(algorithm);
        assertThat(jwt.verify(TestTokens.signed(ec, JWSAlgorithm.parse(algorithm), null, valid().build()))
                        .accepted())
                .isTrue();
        KeyPair other = TestTokens.ec(curve);
        assertThat(reason(jwt, TestTokens.signed(other, JWSAlgorithm.parse(algorithm), null, valid().build())))
                .isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
    }

    @Test
    void aCertificateFileServesAsThePublicKey() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir, "issuer"); // EC P-256, by keytool
        JwtAuthenticator jwt = authenticator(a -> a.jwtPublicKeyFile(certificate.certFile()));
        String pkcs8 = java.nio.file.Files.readString(certificate.keyFile()).replaceAll("-----[A-Z ]+-----|\\s", "");
        KeyPair pair = new KeyPair(
                certificate.certificate().getPublicKey(),
                java.security.KeyFactory.getInstance("EC")
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                                java.util.Base64.getDecoder().decode(pkcs8))));

        assertThat(jwt.verify(TestTokens.signed(pair, JWSAlgorithm.ES256, null, valid().build()))
                        .accepted())
                .isTrue();
        assertThat(reason(
                        jwt, TestTokens.signed(TestTokens.ec("secp256r1"), JWSAlgorithm.ES256, null, valid().build())))
                .isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRefusedAlgorithmConfusion() {
        JwtAuthenticator jwt = publicKey(RSA);
        String pemText = TestTokens.pem("PUBLIC KEY", RSA.getPublic().getEncoded());
        String payload = "{\"sub\":\"mallory\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}";

        for (byte[] key : List.of(
                pemText.getBytes(StandardCharsets.US_ASCII), RSA.getPublic().getEncoded())) {
            String forged = TestTokens.forgedHmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, "HmacSHA256", key);
            assertThat(reason(jwt, forged)).isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
        }
    }

    @Test
    void anUnsignedTokenIsNeverAccepted() {
        String payload = "{\"sub\":\"mallory\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}";

        assertThat(reason(secret(SECRET), TestTokens.unsigned(payload)))
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
        assertThat(reason(publicKey(RSA), TestTokens.unsigned(payload)))
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
        // "none" with a signature part is not even a well-formed unsecured token
        assertThat(reason(secret(SECRET), TestTokens.unsigned(payload) + "c2ln"))
                .isIn(JwtAuthenticator.MALFORMED, JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
    }

    // ---------------------------------------------------------------- JWKS

    @Test
    void aJwksFileSelectsTheKeyByKidAndTriesEveryKeyWithoutOne() throws Exception {
        KeyPair ec = TestTokens.ec("secp256r1");
        JwtAuthenticator jwt = jwks(new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) RSA.getPublic())
                        .keyID("rsa-1")
                        .build(),
                new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) ec.getPublic())
                        .keyID("ec-1")
                        .build())));

        assertThat(jwt.verify(TestTokens.signed(RSA, JWSAlgorithm.RS256, "rsa-1", valid().build()))
                        .accepted())
                .isTrue();
        assertThat(jwt.verify(TestTokens.signed(ec, JWSAlgorithm.ES256, "ec-1", valid().build()))
                        .accepted())
                .isTrue();
        assertThat(jwt.verify(TestTokens.signed(ec, JWSAlgorithm.ES256, null, valid().build()))
                        .accepted())
                .isTrue();
        assertThat(reason(jwt, TestTokens.signed(RSA, JWSAlgorithm.RS256, "rsa-2", valid().build())))
                .isEqualTo(JwtAuthenticator.UNKNOWN_KEY);
        // the right kid, another key's signature
        assertThat(reason(jwt, TestTokens.signed(TestTokens.rsa(2048), JWSAlgorithm.RS256, "rsa-1", valid().build())))
                .isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
    }

    @Test
    void aJwksKeyWithAnAlgAcceptsThatAlgorithmOnly() throws Exception {
        JwtAuthenticator jwt = jwks(new JWKSet(new RSAKey.Builder((RSAPublicKey) RSA.getPublic())
                .keyID("k")
                .algorithm(JWSAlgorithm.PS256)
                .build()));

        assertThat(jwt.algorithms()).containsExactly("PS256");
        assertThat(reason(jwt, TestTokens.signed(RSA, JWSAlgorithm.RS256, "k", valid().build())))
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
        assertThat(jwt.verify(TestTokens.signed(RSA, JWSAlgorithm.PS256, "k", valid().build()))
                        .accepted())
                .isTrue();
    }

    @Test
    void aJwksFileWithAnHmacSecretOrNoUsableKeyIsRefusedAtStart() {
        Path withSecret = TestTokens.write(
                dir.resolve("secret.jwks"),
                new JWKSet(new OctetSequenceKey.Builder(SECRET.getBytes(StandardCharsets.UTF_8))
                                .keyID("oct")
                                .build())
                        .toString(false));
        Path x25519Only = TestTokens.write(
                dir.resolve("x25519.jwks"),
                "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}]}");
        Path garbage = TestTokens.write(dir.resolve("garbage.jwks"), "{\"keys\": 3");

        assertThatThrownBy(() -> authenticator(a -> a.jwksFile(withSecret)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SKEIN_AUTH_JWKS_FILE : " + withSecret)
                .hasMessageContaining("public keys only");
        assertThatThrownBy(() -> authenticator(a -> a.jwksFile(x25519Only)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SKEIN_AUTH_JWKS_FILE : " + x25519Only);
        assertThatThrownBy(() -> authenticator(a -> a.jwksFile(garbage)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SKEIN_AUTH_JWKS_FILE : " + garbage);
    }

    // ---------------------------------------------------------------- time and claims

    @Test
    void expiryAndNotBeforeAreCheckedWithTheClockSkew() {
        JwtAuthenticator jwt = secret(SECRET); // 30 s of skew

        assertThat(reason(jwt, hs256(valid().expirationTime(at(-31))))).isEqualTo(JwtAuthenticator.EXPIRED);
        assertThat(reason(jwt, hs256(valid().expirationTime(at(-30))))).isEqualTo(JwtAuthenticator.EXPIRED);
        assertThat(jwt.verify(hs256(valid().expirationTime(at(-29)))).accepted())
                .isTrue();
        assertThat(reason(jwt, hs256(valid().notBeforeTime(at(31))))).isEqualTo(JwtAuthenticator.NOT_YET_VALID);
        assertThat(jwt.verify(hs256(valid().notBeforeTime(at(29)))).accepted()).isTrue();
    }

    @Test
    void withoutSkewTheExpiryIsExact() {
        JwtAuthenticator jwt = authenticator(a -> a.jwtSecret(SECRET).jwtClockSkew(Duration.ZERO));

        assertThat(reason(jwt, hs256(valid().expirationTime(at(0))))).isEqualTo(JwtAuthenticator.EXPIRED);
        assertThat(jwt.verify(hs256(valid().expirationTime(at(1)))).accepted()).isTrue();
        assertThat(reason(jwt, hs256(valid().notBeforeTime(at(1))))).isEqualTo(JwtAuthenticator.NOT_YET_VALID);
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        JWTClaimsSet noExp = new JWTClaimsSet.Builder().subject("alice").build();

        assertThat(reason(secret(SECRET), TestTokens.hmac(SECRET, JWSAlgorithm.HS256, noExp)))
                .isEqualTo(JwtAuthenticator.NO_EXPIRY);
    }

    @Test
    void audienceAndIssuerMustMatchWhenConfigured() {
        JwtAuthenticator jwt =
                authenticator(a -> a.jwtSecret(SECRET).jwtAudience("skein").jwtIssuer("https://id.example"));

        assertThat(jwt.verify(hs256(valid().audience(List.of("other", "skein")).issuer("https://id.example")))
                        .accepted())
                .isTrue();
        assertThat(reason(jwt, hs256(valid().audience("other").issuer("https://id.example"))))
                .isEqualTo(JwtAuthenticator.WRONG_AUDIENCE);
        assertThat(reason(jwt, hs256(valid().issuer("https://id.example")))).isEqualTo(JwtAuthenticator.WRONG_AUDIENCE);
        assertThat(reason(jwt, hs256(valid().audience("skein").issuer("https://evil.example"))))
                .isEqualTo(JwtAuthenticator.WRONG_ISSUER);
        assertThat(reason(jwt, hs256(valid().audience("skein")))).isEqualTo(JwtAuthenticator.WRONG_ISSUER);
    }

    @Test
    void garbageIsMalformed() {
        JwtAuthenticator jwt = secret(SECRET);
        String notAnObject = TestTokens.forgedHmac(
                "{\"alg\":\"HS256\"}", "[1,2]", "HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8));
        String stringExp = TestTokens.forgedHmac(
                "{\"alg\":\"HS256\"}", "{\"exp\":\"tomorrow\"}", "HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8));

        for (String token : List.of("abc", "a.b.c", "...", "e30.e30.e30", "x".repeat(20_000), notAnObject, stringExp)) {
            assertThat(reason(jwt, token))
                    .as(token.length() > 40 ? token.substring(0, 40) : token)
                    .isEqualTo(JwtAuthenticator.MALFORMED);
        }
    }

    // ---------------------------------------------------------------- where the token comes from

    @Test
    void theTokenComesFromAuthElseFromABearerHeader() {
        JwtAuthenticator jwt = secret(SECRET);
        String good = hs256(valid());
        String bad = TestTokens.hmac(SECRET.toUpperCase(java.util.Locale.ROOT), JWSAlgorithm.HS256, valid().build());

        assertThat(connect(jwt, Map.of("token", good), null).accepted()).isTrue();
        assertThat(connect(jwt, Map.of(), "Bearer " + good).accepted()).isTrue();
        assertThat(connect(jwt, Map.of(), "bearer  " + good).accepted()).isTrue();
        assertThat(connect(jwt, Map.of("token", ""), "Bearer " + good).accepted())
                .isTrue();
        // auth wins over the header
        assertThat(connect(jwt, Map.of("token", bad), "Bearer " + good).reason())
                .isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
        assertThat(connect(jwt, Map.of(), null).reason()).isEqualTo(JwtAuthenticator.MISSING_TOKEN);
        assertThat(connect(jwt, Map.of(), "Basic dXNlcjpwYXNz").reason()).isEqualTo(JwtAuthenticator.MISSING_TOKEN);
        assertThat(connect(jwt, Map.of("token", 42), null).reason()).isEqualTo(JwtAuthenticator.MALFORMED);
    }

    @Test
    void aRefreshReadsItsPayloadOnlyNeverTheHandshakeHeader() {
        JwtAuthenticator jwt = secret(SECRET);

        assertThat(result(jwt.refresh(null, Claims.none(), Map.of("token", hs256(valid()))))
                        .accepted())
                .isTrue();
        assertThat(result(jwt.refresh(null, Claims.none(), Map.of())).reason())
                .isEqualTo(JwtAuthenticator.MISSING_TOKEN);
        assertThat(result(jwt.refresh(null, Claims.none(), Map.of("token", List.of())))
                        .reason())
                .isEqualTo(JwtAuthenticator.MALFORMED);
    }

    // ---------------------------------------------------------------- keys at start

    @Test
    void aKeyFileThatIsNotAUsablePublicKeyStopsTheStartNamingTheSettingAndFile() {
        Path privateKey = TestTokens.write(
                dir.resolve("private.pem"),
                TestTokens.pem("PRIVATE KEY", RSA.getPrivate().getEncoded()));
        Path garbage = TestTokens.write(dir.resolve("garbage.pem"), "not a key\n");
        Path smallRsa = TestTokens.write(
                dir.resolve("small.pem"),
                TestTokens.pem("PUBLIC KEY", TestTokens.rsa(1024).getPublic().getEncoded()));
        Path x25519 = TestTokens.write(
                dir.resolve("x25519.pem"),
                TestTokens.pem("PUBLIC KEY", TestTokens.of("X25519").getPublic().getEncoded()));

        assertThatThrownBy(() -> authenticator(a -> a.jwtPublicKeyFile(privateKey)))
                .hasMessage("SKEIN_AUTH_JWT_PUBLIC_KEY : " + privateKey
                        + " (expected: a public key, not a private key (openssl pkey -pubout extracts it))");
        assertThatThrownBy(() -> authenticator(a -> a.jwtPublicKeyFile(garbage)))
                .hasMessageStartingWith("SKEIN_AUTH_JWT_PUBLIC_KEY : " + garbage + " (expected: a PEM public key");
        assertThatThrownBy(() -> authenticator(a -> a.jwtPublicKeyFile(smallRsa)))
                .hasMessageContaining("an RSA key of 2048 bits or more");
        assertThatThrownBy(() -> authenticator(a -> a.jwtPublicKeyFile(x25519)))
                .hasMessage("SKEIN_AUTH_JWT_PUBLIC_KEY : " + x25519
                        + " (expected: an RSA, EC (P-256, P-384, P-521) or EdDSA (Ed25519, Ed448) public key)");
    }

    @Test
    void algorithmsThatTheKeyCannotVerifyStopTheStart() {
        Path rsaFile = rsaFile(RSA);

        assertThatThrownBy(() -> authenticator(a -> a.jwtPublicKeyFile(rsaFile).jwtAlgorithms(Set.of("ES256"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SKEIN_AUTH_JWT_ALGORITHMS : ES256 (expected: an algorithm of the key in");
    }

    // ---------------------------------------------------------------- helpers

    // ---------------------------------------------------------------- EdDSA (the JDK's provider)

    @ParameterizedTest
    @CsvSource({"Ed25519,EdDSA", "Ed25519,Ed25519", "Ed448,EdDSA", "Ed448,Ed448"})
    void anEdwardsKeyFromAPemFileAcceptsEdDsaAndItsCurvesOwnName(String curve, String algorithm) {
        KeyPair pair = TestTokens.of(curve);
        JwtAuthenticator jwt = authenticator(a -> a.jwtPublicKeyFile(TestTokens.write(
                dir.resolve(curve + ".pem"),
                TestTokens.pem("PUBLIC KEY", pair.getPublic().getEncoded()))));
        String payload = valid().build().toString();

        AuthResult result = jwt.verify(TestTokens.jdkSigned(pair, curve, "{\"alg\":\"" + algorithm + "\"}", payload));

        assertThat(result.accepted()).as(result.toString()).isTrue();
        assertThat(result.claims().subject()).hasValue("alice");
        assertThat(jwt.algorithms()).containsExactlyInAnyOrder("EdDSA", curve);
    }

    @Test
    void anEdDsaTokenSignedByAnotherKeyTamperedOrWithACriticalHeaderIsRefused() {
        KeyPair pair = TestTokens.of("Ed25519");
        JwtAuthenticator jwt = authenticator(a -> a.jwtPublicKeyFile(TestTokens.write(
                dir.resolve("ed.pem"),
                TestTokens.pem("PUBLIC KEY", pair.getPublic().getEncoded()))));
        String payload = valid().build().toString();
        String good = TestTokens.jdkSigned(pair, "Ed25519", "{\"alg\":\"EdDSA\"}", payload);
        String[] parts = good.split("\\.");
        String otherPayload =
                TestTokens.claims("mallory", NOW.plusSeconds(600)).build().toString();
        String tampered = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(otherPayload) + "." + parts[2];

        assertThat(jwt.verify(good).accepted()).isTrue();
        assertThat(reason(
                        jwt, TestTokens.jdkSigned(TestTokens.of("Ed25519"), "Ed25519", "{\"alg\":\"EdDSA\"}", payload)))
                .isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
        assertThat(reason(jwt, tampered)).isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
        assertThat(reason(jwt, parts[0] + "." + parts[1] + ".AAAA")).isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
        assertThat(reason(
                        jwt,
                        TestTokens.jdkSigned(pair, "Ed25519", "{\"alg\":\"EdDSA\",\"crit\":[\"x\"],\"x\":1}", payload)))
                .isEqualTo(JwtAuthenticator.BAD_SIGNATURE);
        // the public key's bytes as an HMAC secret: algorithm confusion
        assertThat(reason(
                        jwt,
                        TestTokens.forgedHmac(
                                "{\"alg\":\"HS256\"}",
                                payload,
                                "HmacSHA256",
                                pair.getPublic().getEncoded())))
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
        assertThat(reason(jwt, TestTokens.signed(RSA, JWSAlgorithm.RS256, null, valid().build())))
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void aJwksFileSelectsItsEdwardsKeyByKidAndAnAlgorithmListNarrowsIt() throws Exception {
        KeyPair ed25519 = TestTokens.of("Ed25519");
        byte[] spki = ed25519.getPublic().getEncoded();
        String x = com.nimbusds.jose.util.Base64URL.encode(
                        java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length))
                .toString();
        Path jwks = TestTokens.write(
                dir.resolve("ed.jwks"),
                "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed-1\",\"x\":\"" + x + "\"}]}");
        String payload = valid().build().toString();

        JwtAuthenticator jwt = authenticator(a -> a.jwksFile(jwks));
        assertThat(jwt.verify(TestTokens.jdkSigned(ed25519, "Ed25519", "{\"alg\":\"EdDSA\",\"kid\":\"ed-1\"}", payload))
                        .accepted())
                .isTrue();
        assertThat(reason(
                        jwt, TestTokens.jdkSigned(ed25519, "Ed25519", "{\"alg\":\"EdDSA\",\"kid\":\"ed-2\"}", payload)))
                .isEqualTo(JwtAuthenticator.UNKNOWN_KEY);

        JwtAuthenticator narrowed = authenticator(a -> a.jwksFile(jwks).jwtAlgorithms(Set.of("ed25519")));
        assertThat(narrowed.algorithms()).containsExactly("Ed25519");
        assertThat(reason(narrowed, TestTokens.jdkSigned(ed25519, "Ed25519", "{\"alg\":\"EdDSA\"}", payload)))
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
    }

    // ---------------------------------------------------------------- slow algorithms off the event loop

    @Test
    void slowSignaturesAreCheckedOnTheWorkersAndAFullQueueRefusesAsBusy() {
        KeyPair ec = TestTokens.ec("secp256r1");
        Path file = TestTokens.write(
                dir.resolve("ec.pem"),
                TestTokens.pem("PUBLIC KEY", ec.getPublic().getEncoded()));
        JwtAuthenticator plain = authenticator(a -> a.jwtPublicKeyFile(file));
        String token = TestTokens.signed(ec, JWSAlgorithm.ES256, null, valid().build());
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        JwtAuthenticator offloaded = plain.withSignatureWorkers(task -> {
            threads.add("worker");
            task.run();
        });

        assertThat(plain.hasSlowAlgorithms()).isTrue();
        assertThat(secret(SECRET).hasSlowAlgorithms()).isFalse();
        assertThat(connect(offloaded, Map.of("token", token), null).accepted()).isTrue();
        assertThat(threads).containsExactly("worker");
        // a token that is no JWT, or of an algorithm the key refuses, is answered at once, on the caller
        assertThat(connect(offloaded, Map.of("token", "garbage"), null).reason())
                .isEqualTo(JwtAuthenticator.MALFORMED);
        assertThat(connect(
                                offloaded,
                                Map.of("token", TestTokens.hmac(SECRET, JWSAlgorithm.HS256, valid().build())),
                                null)
                        .reason())
                .isEqualTo(JwtAuthenticator.ALGORITHM_NOT_ALLOWED);
        assertThat(threads).hasSize(1);

        JwtAuthenticator saturated = plain.withSignatureWorkers(task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        });
        assertThat(connect(saturated, Map.of("token", token), null).reason()).isEqualTo(JwtAuthenticator.BUSY);
    }

    @Test
    void signatureWorkersRunChecksOnTheirOwnThreadsAndRefuseBeyondTheirQueue() throws Exception {
        try (SignatureWorkers workers = new SignatureWorkers(1, 1)) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CompletableFuture<String> ran = new java.util.concurrent.CompletableFuture<>();
            workers.execute(() -> {
                ran.complete(Thread.currentThread().getName());
                awaitQuietly(release);
            });
            assertThat(ran.get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("skein-auth-");
            workers.execute(() -> {}); // waits in the queue
            assertThat(workers.queued()).isEqualTo(1);
            assertThatThrownBy(() -> workers.execute(() -> {}))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
            release.countDown();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JWTClaimsSet.Builder valid() {
        return TestTokens.claims("alice", NOW.plusSeconds(600)).claim("rooms", List.of("orders-*", "lobby"));
    }

    private static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }

    private static String hs256(JWTClaimsSet.Builder claims) {
        return TestTokens.hmac(SECRET, JWSAlgorithm.HS256, claims.build());
    }

    private static String reason(JwtAuthenticator jwt, String token) {
        AuthResult result = jwt.verify(token);
        assertThat(result.accepted()).as("accepted %s", token).isFalse();
        return result.reason();
    }

    private static AuthResult connect(JwtAuthenticator jwt, Map<String, Object> auth, String authorization) {
        Map<String, List<String>> headers =
                authorization == null ? Map.of() : Map.of("authorization", List.of(authorization));
        Handshake handshake = new Handshake(headers, Map.of(), "127.0.0.1:1", NOW, false, "/socket.io/", auth);
        return result(jwt.authenticate("/", handshake));
    }

    private static AuthResult result(java.util.concurrent.CompletionStage<AuthResult> stage) {
        return stage.toCompletableFuture().join();
    }

    private static JwtAuthenticator authenticator(UnaryOperator<AuthConfig.Builder> change) {
        return JwtAuthenticator.create(change.apply(AuthConfig.builder()).build(), CLOCK);
    }

    private static JwtAuthenticator secret(String secret) {
        return authenticator(a -> a.jwtSecret(secret));
    }

    private JwtAuthenticator publicKey(KeyPair keys) {
        Path file = keys.getPublic() instanceof RSAPublicKey
                ? rsaFile(keys)
                : TestTokens.write(
                        dir.resolve("ec-" + System.nanoTime() + ".pem"),
                        TestTokens.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        return authenticator(a -> a.jwtPublicKeyFile(file));
    }

    private Path rsaFile(KeyPair keys) {
        return TestTokens.write(
                dir.resolve("rsa-" + System.nanoTime() + ".pem"),
                TestTokens.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    }

    private JwtAuthenticator jwks(JWKSet set) {
        Path file = TestTokens.write(dir.resolve("keys-" + System.nanoTime() + ".jwks"), set.toString(true));
        return authenticator(a -> a.jwksFile(file));
    }
}
