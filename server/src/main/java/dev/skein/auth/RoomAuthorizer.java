package dev.skein.auth;

import dev.skein.socket.Socket;

/**
 * Decides whether a client may join (or address) a room it asks for: the hook an application consults in the
 * event handlers through which its clients ask to join rooms (Socket.IO has no client-side join; the demo app's
 * is its {@code join} event). Server-side {@code socket.join} by the application itself is never restricted.
 * Called on the socket's event loop: must not block. Thread-safe.
 */
@FunctionalInterface
public interface RoomAuthorizer {
    /** Every room, for every client: the default without authentication. */
    RoomAuthorizer ALLOW_ALL = (socket, room) -> true;

    /** Whether {@code socket}'s client may join {@code room}. */
    boolean allows(Socket socket, String room);

    /**
     * Rooms from a claim of the socket's {@link Claims}: a string or a list of strings, each a room name or a
     * pattern where {@code *} stands for any characters ({@code orders-*}, or {@code *} for every room). A
     * socket without claims, or without that claim, may join none.
     */
    static RoomAuthorizer fromClaim(String claimName) {
        return new ClaimRoomAuthorizer(claimName);
    }
}
