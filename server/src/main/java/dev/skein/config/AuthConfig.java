package dev.skein.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a node authenticates clients at each namespace's CONNECT: nothing (the default), or JSON Web Tokens
 * checked against one key source, a shared secret, a PEM public key or a local JWKS file. Immutable; validated
 * when built (the key files' contents are read when the node is created). Its {@link #toString()} never shows
 * the secret.
 *
 * @param jwtSecret the HMAC secret (its UTF-8 bytes, at least 32), {@code null} for none
 * @param jwtPublicKeyFile a PEM public key (RSA, EC or Ed25519/Ed448) or certificate, {@code null} for none
 * @param jwksFile a local JSON Web Key Set file of public keys, {@code null} for none
 * @param jwtAlgorithms the signature algorithms accepted (such as {@code RS256}); empty: every one the key
 *     supports. Never {@code none}; HMAC ones only with a secret
 * @param jwtAudience the {@code aud} a token must name, {@code null} for any
 * @param jwtIssuer the {@code iss} a token must carry, {@code null} for any
 * @param jwtClockSkew the tolerance on {@code exp} and {@code nbf}, default {@link #DEFAULT_CLOCK_SKEW}
 * @param roomsClaim the claim listing the room patterns a client may join, default {@value #DEFAULT_ROOMS_CLAIM}
 */
public record AuthConfig(
        String jwtSecret,
        Path jwtPublicKeyFile,
        Path jwksFile,
        Set<String> jwtAlgorithms,
        String jwtAudience,
        String jwtIssuer,
        Duration jwtClockSkew,
        String roomsClaim) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    public static final String DEFAULT_ROOMS_CLAIM = "rooms";
    /** The shortest HMAC secret, in bytes: HS256's 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    /** Every signature algorithm a node may accept, with the HMAC ones' shortest secret in bytes (0: none). */
    private static final Map<String, Integer> ALGORITHMS = Map.ofEntries(
            Map.entry("HS256", 32),
            Map.entry("HS384", 48),
            Map.entry("HS512", 64),
            Map.entry("RS256", 0),
            Map.entry("RS384", 0),
            Map.entry("RS512", 0),
            Map.entry("PS256", 0),
            Map.entry("PS384", 0),
            Map.entry("PS512", 0),
            Map.entry("ES256", 0),
            Map.entry("ES384", 0),
            Map.entry("ES512", 0),
            Map.entry("EdDSA", 0),
            Map.entry("Ed25519", 0),
            Map.entry("Ed448", 0));

    private static final Pattern CLAIM_NAME = Pattern.compile("[^\\s]{1,100}");
    private static final String KEY_SETTINGS =
            "SKEIN_AUTH_JWT_SECRET, SKEIN_AUTH_JWT_PUBLIC_KEY or SKEIN_AUTH_JWKS_FILE";

    public AuthConfig {
        jwtAlgorithms = jwtAlgorithms == null ? Set.of() : Set.copyOf(normalized(jwtAlgorithms));
        int sources = (jwtSecret != null ? 1 : 0) + (jwtPublicKeyFile != null ? 1 : 0) + (jwksFile != null ? 1 : 0);
        if (sources > 1) {
            boolean jwks = jwksFile != null;
            throw ConfigException.invalid(
                    jwks ? "authJwksFile" : "authJwtPublicKey",
                    jwks ? jwksFile : jwtPublicKeyFile,
                    "one of " + KEY_SETTINGS + ", not several");
        }
        checkAlgorithms(jwtAlgorithms, jwtSecret);
        if (jwtSecret != null) {
            checkSecret(jwtSecret, jwtAlgorithms);
        }
        checkFile("authJwtPublicKey", jwtPublicKeyFile, "a readable PEM public key or certificate file");
        checkFile("authJwksFile", jwksFile, "a readable JWKS (JSON Web Key Set) file");
        if (sources == 0) {
            requireKeyFor("authJwtAlgorithms", jwtAlgorithms.isEmpty() ? null : String.join(",", jwtAlgorithms));
            requireKeyFor("authJwtAudience", jwtAudience);
            requireKeyFor("authJwtIssuer", jwtIssuer);
        }
        checkText("authJwtAudience", jwtAudience);
        checkText("authJwtIssuer", jwtIssuer);
        Objects.requireNonNull(jwtClockSkew, "jwtClockSkew");
        if (jwtClockSkew.isNegative() || jwtClockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ConfigException.invalid(
                    "authJwtClockSkew", jwtClockSkew.toMillis() + " ms", "0.." + MAX_CLOCK_SKEW.toMillis() + " ms");
        }
        if (roomsClaim == null || !CLAIM_NAME.matcher(roomsClaim).matches()) {
            throw ConfigException.invalid("authRoomsClaim", roomsClaim, "a claim name of 1-100 characters, no spaces");
        }
    }

    /** No authentication: every default. */
    public static AuthConfig none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether clients must present a token: a secret, a public key or a JWKS file is set. */
    public boolean enabled() {
        return jwtSecret != null || jwtPublicKeyFile != null || jwksFile != null;
    }

    /** The shortest secret {@code algorithm} needs, in bytes; 0 for a public-key algorithm. */
    public static int secretBytesFor(String algorithm) {
        return ALGORITHMS.getOrDefault(algorithm, 0);
    }

    @Override
    public String toString() {
        return "AuthConfig[jwtSecret=" + (jwtSecret == null ? "unset" : "(hidden)") + ", jwtPublicKeyFile="
                + jwtPublicKeyFile + ", jwksFile=" + jwksFile + ", jwtAlgorithms=" + jwtAlgorithms + ", jwtAudience="
                + jwtAudience + ", jwtIssuer=" + jwtIssuer + ", jwtClockSkew=" + jwtClockSkew + ", roomsClaim="
                + roomsClaim + "]";
    }

    private static Set<String> normalized(Set<String> algorithms) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : algorithms) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            // the registered spelling (EdDSA, Ed25519), whatever the case the operator wrote
            names.add(ALGORITHMS.keySet().stream()
                    .filter(known -> known.toUpperCase(Locale.ROOT).equals(upper))
                    .findFirst()
                    .orElse(upper));
        }
        return names;
    }

    private static void checkAlgorithms(Set<String> algorithms, String secret) {
        for (String name : algorithms) {
            if ("NONE".equals(name)) {
                throw ConfigException.invalid("authJwtAlgorithms", name, "signature algorithms only, never none");
            }
            if (!ALGORITHMS.containsKey(name)) {
                throw ConfigException.invalid(
                        "authJwtAlgorithms",
                        name,
                        "HS256..512, RS256..512, PS256..512, ES256..512, EdDSA, Ed25519 or Ed448");
            }
            boolean hmac = ALGORITHMS.get(name) > 0;
            if (secret != null && !hmac) {
                throw ConfigException.invalid(
                        "authJwtAlgorithms", name, "HS256, HS384 or HS512 with SKEIN_AUTH_JWT_SECRET");
            }
            if (secret == null && hmac) {
                // an HMAC algorithm with a public key is the classic algorithm-confusion hole
                throw ConfigException.invalid(
                        "authJwtAlgorithms",
                        name,
                        "RS*, PS*, ES* or EdDSA with a public key; HS* only with SKEIN_AUTH_JWT_SECRET");
            }
        }
    }

    private static void checkSecret(String secret, Set<String> algorithms) {
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        List<String> wanted = algorithms.isEmpty() ? List.of("HS256") : List.copyOf(algorithms);
        for (String algorithm : wanted) {
            int needed = ALGORITHMS.get(algorithm);
            if (bytes < needed) {
                throw ConfigException.invalid(
                        "authJwtSecret",
                        "(hidden, " + bytes + " bytes)",
                        "at least " + needed + " bytes (" + needed * 8 + " bits) for " + algorithm);
            }
        }
    }

    private static void checkFile(String setting, Path file, String expected) {
        if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
            throw ConfigException.invalid(setting, file, expected);
        }
    }

    private static void requireKeyFor(String setting, String value) {
        if (value != null) {
            // a half-configured authentication must not start a node that lets everyone in
            throw ConfigException.invalid(setting, value, "set together with " + KEY_SETTINGS);
        }
    }

    private static void checkText(String setting, String value) {
        if (value != null && (value.isBlank() || value.length() > 1_000)) {
            throw ConfigException.invalid(
                    setting,
                    value.isBlank() ? "'" + value + "'" : "(" + value.length() + " characters)",
                    "1-1000 characters");
        }
    }

    /** Builds an {@link AuthConfig}; not thread-safe. */
    public static final class Builder {
        private String jwtSecret;
        private Path jwtPublicKeyFile;
        private Path jwksFile;
        private Set<String> jwtAlgorithms = Set.of();
        private String jwtAudience;
        private String jwtIssuer;
        private Duration jwtClockSkew = DEFAULT_CLOCK_SKEW;
        private String roomsClaim = DEFAULT_ROOMS_CLAIM;

        private Builder() {}

        private Builder(AuthConfig c) {
            jwtSecret = c.jwtSecret;
            jwtPublicKeyFile = c.jwtPublicKeyFile;
            jwksFile = c.jwksFile;
            jwtAlgorithms = c.jwtAlgorithms;
            jwtAudience = c.jwtAudience;
            jwtIssuer = c.jwtIssuer;
            jwtClockSkew = c.jwtClockSkew;
            roomsClaim = c.roomsClaim;
        }

        /** The HMAC secret; its UTF-8 bytes are the key. */
        public Builder jwtSecret(String jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        public Builder jwtPublicKeyFile(Path jwtPublicKeyFile) {
            this.jwtPublicKeyFile = jwtPublicKeyFile;
            return this;
        }

        public Builder jwksFile(Path jwksFile) {
            this.jwksFile = jwksFile;
            return this;
        }

        public Builder jwtAlgorithms(Set<String> jwtAlgorithms) {
            this.jwtAlgorithms = jwtAlgorithms;
            return this;
        }

        public Builder jwtAudience(String jwtAudience) {
            this.jwtAudience = jwtAudience;
            return this;
        }

        public Builder jwtIssuer(String jwtIssuer) {
            this.jwtIssuer = jwtIssuer;
            return this;
        }

        public Builder jwtClockSkew(Duration jwtClockSkew) {
            this.jwtClockSkew = jwtClockSkew;
            return this;
        }

        public Builder roomsClaim(String roomsClaim) {
            this.roomsClaim = roomsClaim;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException naming the first setting at fault
         */
        public AuthConfig build() {
            return new AuthConfig(
                    jwtSecret,
                    jwtPublicKeyFile,
                    jwksFile,
                    jwtAlgorithms,
                    jwtAudience,
                    jwtIssuer,
                    jwtClockSkew,
                    roomsClaim);
        }
    }
}
