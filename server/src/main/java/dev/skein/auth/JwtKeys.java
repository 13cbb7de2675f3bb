package dev.skein.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.skein.config.AuthConfig;
import dev.skein.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the verification keys of an {@link AuthConfig} once, at start: a secret, a PEM public key or
 * certificate, or a JWKS file. Every failure is a {@link ConfigException} naming the setting and the file.
 */
final class JwtKeys {
    static final String SECRET_SETTING = "SKEIN_AUTH_JWT_SECRET";
    static final String PUBLIC_KEY_SETTING = "SKEIN_AUTH_JWT_PUBLIC_KEY";
    static final String JWKS_SETTING = "SKEIN_AUTH_JWKS_FILE";
    static final String ALGORITHMS_SETTING = "SKEIN_AUTH_JWT_ALGORITHMS";
    static final int MIN_RSA_BITS = 2048;

    private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final Set<JWSAlgorithm> RSA = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512);
    private static final String KEY_TYPES = "an RSA, EC (P-256, P-384, P-521) or EdDSA (Ed25519, Ed448) public key";
    /** The DER prefix of an X.509 SubjectPublicKeyInfo of each Edwards curve, before the raw key. */
    private static final byte[] ED25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final byte[] ED448_SPKI = {0x30, 0x43, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x03, 0x3a, 0x00};

    private JwtKeys() {}

    /**
     * The keys of {@code config}, which must be {@link AuthConfig#enabled()}.
     *
     * @throws ConfigException naming the setting (and file) at fault
     */
    static List<VerificationKey> load(AuthConfig config) {
        Set<JWSAlgorithm> wanted = new LinkedHashSet<>();
        config.jwtAlgorithms().forEach(name -> wanted.add(JWSAlgorithm.parse(name)));
        List<VerificationKey> keys;
        String source;
        if (config.jwtSecret() != null) {
            keys = List.of(secret(config.jwtSecret(), wanted));
            source = SECRET_SETTING;
        } else if (config.jwtPublicKeyFile() != null) {
            keys = List.of(publicKey(config.jwtPublicKeyFile(), wanted));
            source = PUBLIC_KEY_SETTING + " (" + config.jwtPublicKeyFile() + ")";
        } else {
            keys = jwks(config.jwksFile(), wanted);
            source = JWKS_SETTING + " (" + config.jwksFile() + ")";
        }
        keys = keys.stream().filter(k -> !k.algorithms().isEmpty()).toList();
        if (keys.isEmpty()) {
            throw ConfigException.invalid(
                    ALGORITHMS_SETTING,
                    String.join(",", config.jwtAlgorithms()),
                    "an algorithm of the key in " + source);
        }
        return keys;
    }

    private static VerificationKey secret(String secret, Set<JWSAlgorithm> wanted) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            if (bytes.length >= AuthConfig.secretBytesFor(algorithm.getName())) {
                algorithms.add(algorithm);
            }
        }
        algorithms = allowed(algorithms, wanted);
        try {
            return new VerificationKey(
                    null, algorithms, new MACVerifier(bytes), "secret of " + bytes.length + " bytes");
        } catch (JOSEException e) {
            throw ConfigException.invalid(
                    SECRET_SETTING,
                    "(hidden, " + bytes.length + " bytes)",
                    "at least " + AuthConfig.MIN_SECRET_BYTES + " bytes");
        }
    }

    private static VerificationKey publicKey(Path file, Set<JWSAlgorithm> wanted) {
        PublicKey key = readPem(file);
        try {
            return keyOf(null, key, wanted, PUBLIC_KEY_SETTING, file);
        } catch (JOSEException e) {
            throw ConfigException.invalid(PUBLIC_KEY_SETTING, file, KEY_TYPES);
        }
    }

    private static List<VerificationKey> jwks(Path file, Set<JWSAlgorithm> wanted) {
        JWKSet set;
        try {
            set = JWKSet.load(file.toFile());
        } catch (IOException | ParseException e) {
            throw ConfigException.invalid(
                    JWKS_SETTING,
                    file,
                    "a JWKS file, {\"keys\":[...]} of RSA, EC or EdDSA public keys (" + e.getMessage() + ")");
        }
        List<VerificationKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            VerificationKey key = jwkKey(jwk, wanted, file);
            if (key != null && !key.algorithms().isEmpty()) {
                keys.add(key);
            }
        }
        if (keys.isEmpty() && wanted.isEmpty()) {
            throw ConfigException.invalid(
                    JWKS_SETTING, file, "a JWKS file with at least one RSA, EC or EdDSA signing key");
        }
        return keys;
    }

    /** One key of a JWKS file; {@code null} for a key that cannot sign tokens here (skipped). */
    private static VerificationKey jwkKey(JWK jwk, Set<JWSAlgorithm> wanted, Path file) {
        String kid = jwk.getKeyID();
        if (KeyType.OCT.equals(jwk.getKeyType())) {
            // a shared secret among public keys would open the door to algorithm confusion
            throw ConfigException.invalid(
                    JWKS_SETTING,
                    file,
                    "public keys only (key " + kid + " is an HMAC secret; use " + SECRET_SETTING + ")");
        }
        if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
            return null;
        }
        if (jwk.isPrivate()) {
            log.warn(
                    "{} ({}): key {} holds private key material; only its public part is used",
                    JWKS_SETTING,
                    file,
                    kid);
        }
        try {
            PublicKey key;
            if (jwk instanceof RSAKey rsa) {
                key = rsa.toRSAPublicKey();
            } else if (jwk instanceof ECKey ec) {
                key = ec.toECPublicKey();
            } else if (jwk instanceof OctetKeyPair okp && edwardsPrefix(okp.getCurve()) != null) {
                key = edwardsKey(okp);
            } else {
                log.warn(
                        "{} ({}): key {} of type {} skipped (expected: {})",
                        JWKS_SETTING,
                        file,
                        kid,
                        jwk.getKeyType(),
                        KEY_TYPES);
                return null;
            }
            Set<JWSAlgorithm> restricted = wanted;
            if (jwk.getAlgorithm() != null) {
                restricted = new LinkedHashSet<>(
                        Set.of(JWSAlgorithm.parse(jwk.getAlgorithm().getName())));
                if (!wanted.isEmpty()) {
                    restricted.retainAll(wanted);
                }
                if (restricted.isEmpty()) {
                    return null;
                }
            }
            return keyOf(kid, key, restricted, JWKS_SETTING, file);
        } catch (JOSEException e) {
            throw ConfigException.invalid(JWKS_SETTING, file, "usable keys (key " + kid + ": " + e.getMessage() + ")");
        }
    }

    private static VerificationKey keyOf(String kid, PublicKey key, Set<JWSAlgorithm> wanted, String setting, Path file)
            throws JOSEException {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw ConfigException.invalid(
                        setting,
                        file,
                        "an RSA key of " + MIN_RSA_BITS + " bits or more (key " + kid + ": " + bits + ")");
            }
            return new VerificationKey(kid, allowed(RSA, wanted), new RSASSAVerifier(rsa), "RSA " + bits + " bits");
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            JWSAlgorithm algorithm = curve == null ? null : ecAlgorithm(curve);
            if (algorithm == null) {
                throw ConfigException.invalid(setting, file, "an EC key on P-256, P-384 or P-521");
            }
            return new VerificationKey(
                    kid, allowed(Set.of(algorithm), wanted), new ECDSAVerifier(ec), "EC " + curve.getName());
        }
        if (key instanceof EdECPublicKey ed) {
            EdDsaVerifier verifier = new EdDsaVerifier(ed);
            return new VerificationKey(
                    kid, allowed(EdDsaVerifier.algorithmsOf(verifier.curve()), wanted), verifier, verifier.curve());
        }
        throw ConfigException.invalid(setting, file, KEY_TYPES);
    }

    /** The SPKI prefix of an Edwards signing curve; {@code null} for any other curve (X25519 encrypts). */
    private static byte[] edwardsPrefix(Curve curve) {
        if (Curve.Ed25519.equals(curve)) {
            return ED25519_SPKI;
        }
        return Curve.Ed448.equals(curve) ? ED448_SPKI : null;
    }

    /** The JDK key of a JWK's {@code OKP} public key: its raw {@code x} behind the curve's SPKI prefix. */
    private static PublicKey edwardsKey(OctetKeyPair okp) throws JOSEException {
        byte[] prefix = edwardsPrefix(okp.getCurve());
        byte[] raw = okp.getX().decode();
        byte[] der = java.util.Arrays.copyOf(prefix, prefix.length + raw.length);
        System.arraycopy(raw, 0, der, prefix.length, raw.length);
        try {
            return KeyFactory.getInstance("EdDSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not a valid " + okp.getCurve() + " public key", e);
        }
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        return Curve.P_521.equals(curve) ? JWSAlgorithm.ES512 : null;
    }

    /**
     * The key's algorithms that the configuration allows (all of them when it names none): always a subset of
     * the key type's own, so that an HMAC algorithm never meets a public key.
     */
    private static Set<JWSAlgorithm> allowed(Set<JWSAlgorithm> ofKey, Set<JWSAlgorithm> wanted) {
        Set<JWSAlgorithm> result = new LinkedHashSet<>(ofKey);
        if (!wanted.isEmpty()) {
            result.retainAll(wanted);
        }
        return result;
    }

    /** A PEM public key ({@code BEGIN PUBLIC KEY}) or certificate ({@code BEGIN CERTIFICATE}). */
    private static PublicKey readPem(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            throw ConfigException.invalid(PUBLIC_KEY_SETTING, file, "a readable PEM public key file");
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw ConfigException.invalid(
                    PUBLIC_KEY_SETTING, file, "a PEM public key (BEGIN PUBLIC KEY) or certificate");
        }
        String label = pem.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(2));
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(PUBLIC_KEY_SETTING, file, "PEM with valid base64");
        }
        return switch (label) {
            case "PUBLIC KEY" -> spki(der, file);
            case "CERTIFICATE" -> certificateKey(der, file);
            default ->
                throw ConfigException.invalid(
                        PUBLIC_KEY_SETTING,
                        file,
                        label.contains("PRIVATE")
                                ? "a public key, not a private key (openssl pkey -pubout extracts it)"
                                : "BEGIN PUBLIC KEY or BEGIN CERTIFICATE, not BEGIN " + label
                                        + " (openssl pkey -pubin -pubout converts it)");
        };
    }

    private static PublicKey spki(byte[] der, Path file) {
        for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this type: try the next
            }
        }
        throw ConfigException.invalid(PUBLIC_KEY_SETTING, file, KEY_TYPES);
    }

    private static PublicKey certificateKey(byte[] der, Path file) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException e) {
            throw ConfigException.invalid(PUBLIC_KEY_SETTING, file, "a valid X.509 certificate");
        }
    }

    /** The names of {@code algorithms}, sorted, for messages. */
    static String names(Set<JWSAlgorithm> algorithms) {
        return String.join(
                        ", ",
                        algorithms.stream().map(JWSAlgorithm::getName).sorted().toList())
                .toUpperCase(Locale.ROOT);
    }
}
