package dev.skein.socket;

/**
 * A server-wide check on every namespace's CONNECT (the main one, named ones, dynamic ones): it runs before
 * the namespace's own middleware, and hears of each socket it let through once that socket is admitted. The
 * seam of authentication ({@code dev.skein.auth}); installed with {@link Namespaces#guard}.
 */
public interface ConnectGuard extends ConnectMiddleware {
    /**
     * {@code socket} passed every middleware and got its CONNECT answer; its connection handlers run next.
     * Runs on the socket's event loop; must not block.
     */
    default void admitted(Socket socket) {}
}
