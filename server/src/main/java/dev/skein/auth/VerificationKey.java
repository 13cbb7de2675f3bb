package dev.skein.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import java.util.Set;

/**
 * One key a token may be signed with: the algorithms it verifies (bound to its type, so that an HMAC
 * algorithm never meets a public key), its {@code kid} when it has one, and its verifier.
 *
 * @param kid the key id a token's header names, {@code null} for a key without one
 * @param algorithms the algorithms this key accepts, never empty
 * @param verifier checks a signature with this key; thread-safe
 * @param description what the start line says of it, such as {@code "RSA 2048 bits"}
 */
record VerificationKey(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier, String description) {
    VerificationKey {
        algorithms = Set.copyOf(algorithms);
    }
}
