package dev.skein.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies EdDSA signatures (RFC 8037: {@code alg} {@code EdDSA}, or the fully specified {@code Ed25519} /
 * {@code Ed448}) with the JDK's own Edwards-curve provider (Java 15+). nimbus-jose-jwt's verifier for these
 * keys needs Google Tink; the JDK's {@link Signature} does the same check without it, as nimbus's RSA and EC
 * verifiers do with theirs. A token with critical header parameters is refused: none is understood here.
 * Thread-safe: one {@link Signature} per check.
 */
final class EdDsaVerifier implements JWSVerifier {
    private final EdECPublicKey key;
    private final String curve;
    private final Set<JWSAlgorithm> algorithms;
    private final JCAContext jcaContext = new JCAContext();

    /**
     * @throws IllegalArgumentException if the key is on neither Ed25519 nor Ed448
     */
    EdDsaVerifier(EdECPublicKey key) {
        this.key = key;
        this.curve = key.getParams().getName();
        this.algorithms = algorithmsOf(curve);
    }

    /** The algorithms a key of {@code curve} verifies: {@code EdDSA} and the curve's own name. */
    static Set<JWSAlgorithm> algorithmsOf(String curve) {
        return switch (curve.toLowerCase(Locale.ROOT)) {
            case "ed25519" -> Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
            case "ed448" -> Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed448);
            default -> throw new IllegalArgumentException("curve : " + curve + " (expected: Ed25519 or Ed448)");
        };
    }

    /** {@code Ed25519} or {@code Ed448}. */
    String curve() {
        return curve;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new JOSEException("algorithm " + header.getAlgorithm() + " is not " + algorithms);
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(curve);
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature.decode());
        } catch (GeneralSecurityException e) {
            // a signature of the wrong length or encoding is a bad signature, not a server error
            return false;
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return algorithms;
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
