package dev.skein.auth;

import java.util.Objects;

/**
 * An {@link Authenticator}'s decision: accepted with the client's {@link Claims}, or refused with a short
 * reason that the client reads in {@code connect_error}'s {@code err.data.reason} (keep it free of secrets and
 * of the token). Immutable.
 */
public final class AuthResult {
    private final Claims claims;
    private final String reason;

    private AuthResult(Claims claims, String reason) {
        this.claims = claims;
        this.reason = reason;
    }

    /** Accepted, with {@code claims} (use {@link Claims#none()} for none). */
    public static AuthResult accept(Claims claims) {
        return new AuthResult(Objects.requireNonNull(claims, "claims"), null);
    }

    /**
     * Refused.
     *
     * @param reason such as {@code "expired"}: sent to the client and a metric tag
     */
    public static AuthResult reject(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new AuthResult(null, reason);
    }

    public boolean accepted() {
        return claims != null;
    }

    /** The claims when accepted, else {@code null}. */
    public Claims claims() {
        return claims;
    }

    /** Why it was refused, else {@code null}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return accepted()
                ? "AuthResult[accepted " + claims.subject().orElse("(no subject)") + "]"
                : "AuthResult[rejected: " + reason + "]";
    }
}
