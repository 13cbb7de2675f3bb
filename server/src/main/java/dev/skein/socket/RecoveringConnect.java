package dev.skein.socket;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.recovery.NamespaceRecovery;
import dev.skein.recovery.RestoredSession;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The CONNECTs of a namespace with connection state recovery on: one that offers a private session id
 * ({@code {pid, offset}} merged into its auth by the official client) gets its old socket back when recovery
 * finds the session, else a fresh socket like any other. Thread-safe.
 */
final class RecoveringConnect {
    /** The auth fields through which the official client asks to recover its socket. */
    private static final String PID = "pid";

    private static final String OFFSET = "offset";

    private final NamespaceImpl namespace;
    private final NamespaceRecovery recovery;

    RecoveringConnect(NamespaceImpl namespace, NamespaceRecovery recovery) {
        this.namespace = namespace;
        this.recovery = recovery;
    }

    /** Like {@link NamespaceImpl#connect}; the private id and offset never reach the application's handshake. */
    void connect(
            ClientSession client, Handshake handshake, Consumer<SocketImpl> onAdmitted, Consumer<Rejection> onRefused) {
        Map<String, Object> auth = handshake.auth();
        Object pid = auth.get(PID);
        Object offset = auth.get(OFFSET);
        Handshake withoutIds = pid == null && offset == null ? handshake : handshake.withAuth(withoutIds(auth));
        if (!(pid instanceof String privateId)) {
            namespace.connectFresh(client, withoutIds, onAdmitted, onRefused);
            return;
        }
        // an offset that is not a string is not one this server gave: recovery refuses it
        String lastOffset = offset == null ? null : offset instanceof String text ? text : "?";
        recovery.restore(privateId, lastOffset)
                .whenComplete((session, error) -> client.execute(() -> {
                    if (session == null) {
                        namespace.connectFresh(client, withoutIds, onAdmitted, onRefused);
                    } else {
                        connectRestored(client, withoutIds, session, onAdmitted, onRefused);
                    }
                }));
    }

    /** A recovered socket: its old id, rooms and data; the middleware runs unless recovery skips it. */
    private void connectRestored(
            ClientSession client,
            Handshake handshake,
            RestoredSession session,
            Consumer<SocketImpl> onAdmitted,
            Consumer<Rejection> onRefused) {
        SocketImpl socket = new SocketImpl(namespace, client, handshake, session);
        Runnable admission = () -> admit(socket, client, session, onAdmitted);
        if (namespace.context().recovery().skipMiddlewares()) {
            admission.run();
        } else {
            namespace.runMiddleware(socket, client, admission, onRefused);
        }
    }

    /**
     * Admits a recovered socket: it takes the place of a socket of this node with the same id (a reconnect that
     * overtook its old connection's close: that socket disconnects first), rejoins its rooms, gets what it
     * missed and then its CONNECT answer, then the guards and connection handlers run.
     */
    private void admit(
            SocketImpl socket, ClientSession client, RestoredSession session, Consumer<SocketImpl> onAdmitted) {
        recovery.admitRestored(socket, session, () -> attach(socket, client, session, onAdmitted), missed -> {
                    missed.forEach(packet -> client.send(packet, BroadcastFlags.DEFAULT));
                    client.send(namespace.connectAnswer(client, socket), BroadcastFlags.DEFAULT);
                })
                .thenAccept(admitted -> {
                    if (admitted) {
                        client.execute(() -> namespace.afterAdmission(socket));
                    }
                });
    }

    private boolean attach(
            SocketImpl socket, ClientSession client, RestoredSession session, Consumer<SocketImpl> onAdmitted) {
        if (!client.isOpen()) {
            return false;
        }
        SocketImpl previous = namespace.socket(socket.id());
        if (previous != null) {
            previous.closeSuperseded();
        }
        Set<String> rooms = new HashSet<>(session.rooms());
        rooms.add(socket.id());
        namespace.register(socket, onAdmitted, rooms);
        return true;
    }

    private static Map<String, Object> withoutIds(Map<String, Object> auth) {
        Map<String, Object> rest = new LinkedHashMap<>(auth);
        rest.remove(PID);
        rest.remove(OFFSET);
        return rest;
    }
}
