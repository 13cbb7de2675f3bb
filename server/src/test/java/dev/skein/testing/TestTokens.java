package dev.skein.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JSON Web Tokens and keys made at test time: key pairs from the JDK, PEM files, and tokens signed by
 * nimbus-jose-jwt's signers, or forged by hand (unsigned, HMAC with any key) for the attacks.
 */
public final class TestTokens {
    private TestTokens() {}

    /** Claims of {@code subject} expiring at {@code exp}. */
    public static JWTClaimsSet.Builder claims(String subject, Instant exp) {
        return new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(exp));
    }

    /** A token signed with {@code secret} (its UTF-8 bytes) by {@code algorithm}. */
    public static String hmac(String secret, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), algorithm, null, claims);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A token signed with {@code keys}' private key (RSA or EC) by {@code algorithm}, with {@code kid} unless null. */
    public static String signed(KeyPair keys, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims) {
        try {
            JWSSigner signer = keys.getPrivate() instanceof ECPrivateKey ec
                    ? new ECDSASigner(ec)
                    : new RSASSASigner(keys.getPrivate());
            return sign(signer, algorithm, kid, claims);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims)
            throws JOSEException {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /**
     * A token whose header and payload are the given JSON, signed by HMAC ({@code jcaAlgorithm}, such as {@code
     * HmacSHA256}) with any {@code key}: what an attacker forges, such as an HS256 token keyed with a public key.
     */
    public static String forgedHmac(String headerJson, String payloadJson, String jcaAlgorithm, byte[] key) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            return input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A token signed by the JDK's {@code jcaAlgorithm} (such as {@code Ed25519}) with {@code keys}, the header
     * and payload as given: for algorithms nimbus-jose-jwt signs only with libraries Skein does not ship.
     */
    public static String jdkSigned(KeyPair keys, String jcaAlgorithm, String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            java.security.Signature signer = java.security.Signature.getInstance(jcaAlgorithm);
            signer.initSign(keys.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64URL.encode(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An unsecured token ({@code "alg":"none"}) of {@code payloadJson}. */
    public static String unsigned(String payloadJson) {
        return b64("{\"alg\":\"none\"}") + "." + b64(payloadJson) + ".";
    }

    /** A new RSA key pair of {@code bits}. */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new EC key pair on {@code curve} ({@code secp256r1}, {@code secp384r1}, {@code secp521r1}). */
    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new key pair of the JDK's {@code algorithm}, such as {@code Ed25519}. */
    public static KeyPair of(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM text of {@code der} under {@code label}, such as {@code PUBLIC KEY}. */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Writes {@code text} to {@code file}. */
    public static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
