package dev.skein.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.skein.config.AuthConfig;
import dev.skein.socket.Handshake;
import dev.skein.socket.Socket;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a client that presents a valid JSON Web Token, checked with nimbus-jose-jwt against the keys of an
 * {@link AuthConfig}: a signature by an allowed algorithm of a configured key ({@code none} never, HMAC only
 * with the secret, the public-key algorithms only with public keys), then {@code exp} (required), {@code nbf},
 * and {@code aud}/{@code iss} when configured, with the configured clock skew. The token is the CONNECT's
 * {@code auth.token}, else the handshake's {@code Authorization: Bearer} header; a refresh's is its payload's
 * {@code token}. The accepted claims are the token's. Thread-safe; CPU only (no I/O): synchronous, except for
 * tokens of the slow algorithms when it was given signature workers.
 */
public final class JwtAuthenticator implements Authenticator {
    public static final String MISSING_TOKEN = "missing token";
    public static final String MALFORMED = "malformed";
    public static final String ALGORITHM_NOT_ALLOWED = "algorithm not allowed";
    public static final String UNKNOWN_KEY = "unknown key";
    public static final String BAD_SIGNATURE = "bad signature";
    public static final String NO_EXPIRY = "no expiry";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not yet valid";
    public static final String WRONG_AUDIENCE = "wrong audience";
    public static final String WRONG_ISSUER = "wrong issuer";
    /** Every signature worker is taken and its queue full: a CONNECT storm beyond what the node can check. */
    public static final String BUSY = "busy";
    /** Every reason this authenticator gives. */
    public static final List<String> REASONS = List.of(
            MISSING_TOKEN,
            MALFORMED,
            ALGORITHM_NOT_ALLOWED,
            UNKNOWN_KEY,
            BAD_SIGNATURE,
            NO_EXPIRY,
            EXPIRED,
            NOT_YET_VALID,
            WRONG_AUDIENCE,
            WRONG_ISSUER,
            BUSY);

    /** Longer tokens are refused before parsing. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final String BEARER = "bearer ";

    private final List<VerificationKey> keys;
    private final Set<JWSAlgorithm> algorithms;
    private final String audience;
    private final String issuer;
    private final long skewMillis;
    private final Clock clock;
    private final Executor signatureWorkers;

    private JwtAuthenticator(AuthConfig config, List<VerificationKey> keys, Clock clock, Executor signatureWorkers) {
        this.keys = List.copyOf(keys);
        Set<JWSAlgorithm> all = new LinkedHashSet<>();
        keys.forEach(k -> all.addAll(k.algorithms()));
        this.algorithms = Set.copyOf(all);
        this.audience = config.jwtAudience();
        this.issuer = config.jwtIssuer();
        this.skewMillis = config.jwtClockSkew().toMillis();
        this.clock = clock;
        this.signatureWorkers = signatureWorkers;
    }

    private JwtAuthenticator(JwtAuthenticator checks, Executor signatureWorkers) {
        this.keys = checks.keys;
        this.algorithms = checks.algorithms;
        this.audience = checks.audience;
        this.issuer = checks.issuer;
        this.skewMillis = checks.skewMillis;
        this.clock = checks.clock;
        this.signatureWorkers = signatureWorkers;
    }

    /**
     * Reads the keys of {@code config} (its files, once) and checks them.
     *
     * @throws dev.skein.config.ConfigException naming the setting and the file at fault
     * @throws IllegalArgumentException if {@code config} sets no key
     */
    public static JwtAuthenticator create(AuthConfig config, Clock clock) {
        if (!config.enabled()) {
            throw new IllegalArgumentException(
                    "auth : " + config + " (expected: a secret, a public key or a JWKS file)");
        }
        return new JwtAuthenticator(config, JwtKeys.load(config), clock, null);
    }

    /**
     * This authenticator, checking tokens of the slow algorithms on {@code signatureWorkers}, so that a CONNECT
     * storm does not hold up the event loops. An executor that refuses a check refuses the token as {@link #BUSY}.
     */
    public JwtAuthenticator withSignatureWorkers(Executor signatureWorkers) {
        return new JwtAuthenticator(this, Objects.requireNonNull(signatureWorkers, "signatureWorkers"));
    }

    /**
     * Whether some key's algorithms are slow enough (ES*, EdDSA) to be checked off the event loop: HMAC takes about
     * 5 µs, RSA 2048 about 35, ECDSA P-256 and Ed25519 on Java 17's providers about a millisecond.
     */
    public boolean hasSlowAlgorithms() {
        return algorithms.stream()
                .anyMatch(a -> JWSAlgorithm.Family.EC.contains(a) || JWSAlgorithm.Family.ED.contains(a));
    }

    @Override
    public CompletionStage<AuthResult> authenticate(String namespace, Handshake handshake) {
        return check(tokenOf(handshake));
    }

    /** Verifies the refresh payload's {@code token} (never the handshake's header, which holds the old one). */
    @Override
    public CompletionStage<AuthResult> refresh(Socket socket, Claims current, Map<String, Object> payload) {
        return check(payload.get("token"));
    }

    private CompletionStage<AuthResult> check(Object token) {
        if (signatureWorkers == null || !(token instanceof String text) || !slow(text)) {
            return completed(verifyValue(token));
        }
        try {
            return CompletableFuture.supplyAsync(() -> verify(text), signatureWorkers);
        } catch (RejectedExecutionException e) {
            return completed(AuthResult.reject(BUSY));
        }
    }

    /** Whether {@code token}'s header names a slow algorithm this authenticator accepts (a cheap look, no check). */
    private boolean slow(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 4096) {
            return false;
        }
        try {
            JWSAlgorithm algorithm =
                    JWSHeader.parse(Base64URL.from(token.substring(0, dot))).getAlgorithm();
            return algorithms.contains(algorithm)
                    && (JWSAlgorithm.Family.EC.contains(algorithm) || JWSAlgorithm.Family.ED.contains(algorithm));
        } catch (ParseException | RuntimeException e) {
            return false; // verify() on the caller refuses it as malformed
        }
    }

    /**
     * Checks one token.
     *
     * @param token the compact JWT, or {@code null} when none was presented
     * @return the claims, or the reason the token is refused (one of {@link #REASONS})
     */
    public AuthResult verify(String token) {
        if (token == null || token.isEmpty()) {
            return AuthResult.reject(MISSING_TOKEN);
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return AuthResult.reject(MALFORMED);
        }
        SignedJWT jwt;
        try {
            JWT parsed = JWTParser.parse(token);
            if (!(parsed instanceof SignedJWT signed)) {
                return AuthResult.reject(ALGORITHM_NOT_ALLOWED); // alg none, or an encrypted token
            }
            jwt = signed;
        } catch (ParseException | RuntimeException e) {
            return AuthResult.reject(MALFORMED);
        }
        String signatureProblem = checkSignature(jwt);
        if (signatureProblem != null) {
            return AuthResult.reject(signatureProblem);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return AuthResult.reject(MALFORMED);
        }
        String claimsProblem = checkClaims(claims);
        return claimsProblem != null
                ? AuthResult.reject(claimsProblem)
                : AuthResult.accept(Claims.of(claims.toJSONObject()));
    }

    /** The algorithms accepted, such as {@code [RS256, PS256, ...]}. */
    public Set<String> algorithms() {
        Set<String> names = new LinkedHashSet<>();
        algorithms.forEach(a -> names.add(a.getName()));
        return names;
    }

    /** What the start line says: the keys and the checks. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        keys.forEach(k -> parts.add((k.kid() == null ? "" : k.kid() + ": ") + k.description()));
        return "JWT " + JwtKeys.names(algorithms) + " (" + String.join("; ", parts) + "), audience="
                + (audience == null ? "any" : audience) + ", issuer=" + (issuer == null ? "any" : issuer)
                + ", clock skew " + skewMillis + " ms";
    }

    private String checkSignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            return ALGORITHM_NOT_ALLOWED;
        }
        boolean candidate = false;
        for (VerificationKey key : keys) {
            if (!key.algorithms().contains(header.getAlgorithm())
                    || (header.getKeyID() != null
                            && key.kid() != null
                            && !header.getKeyID().equals(key.kid()))) {
                continue;
            }
            candidate = true;
            if (verifies(jwt, key)) {
                return null;
            }
        }
        return candidate ? BAD_SIGNATURE : UNKNOWN_KEY;
    }

    private static boolean verifies(SignedJWT jwt, VerificationKey key) {
        try {
            return jwt.verify(key.verifier());
        } catch (JOSEException | RuntimeException e) {
            log.debug("Signature check failed with key {}: {}", key.kid(), e.toString());
            return false;
        }
    }

    private String checkClaims(JWTClaimsSet claims) {
        long now = clock.millis();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return NO_EXPIRY;
        }
        if (now >= exp.getTime() + skewMillis) {
            return EXPIRED;
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now + skewMillis < nbf.getTime()) {
            return NOT_YET_VALID;
        }
        if (audience != null
                && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            return WRONG_AUDIENCE;
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            return WRONG_ISSUER;
        }
        return null;
    }

    /** A presented token: none, a string, or something else (malformed). */
    private AuthResult verifyValue(Object token) {
        if (token != null && !(token instanceof String)) {
            return AuthResult.reject(MALFORMED);
        }
        return verify((String) token);
    }

    /** {@code auth.token} when it is there (as it is), else a Bearer header's token, else {@code null}. */
    private static Object tokenOf(Handshake handshake) {
        Object fromAuth = handshake.auth().get("token");
        if (fromAuth != null && !"".equals(fromAuth)) {
            return fromAuth;
        }
        String header = handshake.header("authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        return null;
    }

    private static CompletionStage<AuthResult> completed(AuthResult result) {
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public String toString() {
        return "JwtAuthenticator[" + describe() + "]";
    }
}
