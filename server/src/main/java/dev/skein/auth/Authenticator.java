package dev.skein.auth;

import dev.skein.socket.Handshake;
import dev.skein.socket.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client may connect to a namespace, from what it presented: the CONNECT's {@code auth}
 * payload and the Engine.IO handshake's headers. It runs on every namespace's CONNECT before the
 * application's connect middleware and handlers ({@link AuthGuard}); a refused client gets CONNECT_ERROR
 * {@code {"message":"unauthorized","data":{"reason":...}}} and no handler runs. Plug one in with {@code
 * SkeinServer.authenticator(...)}; {@link JwtAuthenticator} is the one {@code SKEIN_AUTH_*} configures.
 *
 * <p>Called on the client's event loop: never block there. A synchronous answer is a completed stage
 * ({@link #accept}, {@link #reject}); an asynchronous one may complete on any thread, and the connection
 * resumes on its event loop. A stage that fails, or a method that throws, refuses with reason {@code
 * "error"}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Authenticator {
    /**
     * Decides one CONNECT.
     *
     * @param namespace the namespace the client asks for, such as {@code "/"}
     * @param handshake what the client presented: {@link Handshake#auth()} (the CONNECT's payload, or a v2
     *     client's namespace query), {@link Handshake#header(String)} (the Engine.IO handshake's headers)
     * @return the decision; the accepted claims reach {@code socket.data()} (see {@link Claims})
     */
    CompletionStage<AuthResult> authenticate(String namespace, Handshake handshake);

    /**
     * Decides a connected client's refresh: the {@code "auth:refresh"} event with {@code payload} (such as
     * {@code {"token": "..."}}). The guard then checks that the subject did not change, and on success replaces
     * the socket's claims and its expiry. By default refreshes are refused with reason {@code "refresh not
     * supported"}.
     *
     * @param socket the connected socket
     * @param current its claims now
     * @param payload the event's first argument when an object, else empty
     */
    default CompletionStage<AuthResult> refresh(Socket socket, Claims current, Map<String, Object> payload) {
        return reject("refresh not supported");
    }

    /** A completed acceptance with {@code claims}. */
    static CompletionStage<AuthResult> accept(Claims claims) {
        return CompletableFuture.completedFuture(AuthResult.accept(claims));
    }

    /** A completed refusal for {@code reason}. */
    static CompletionStage<AuthResult> reject(String reason) {
        return CompletableFuture.completedFuture(AuthResult.reject(reason));
    }
}
