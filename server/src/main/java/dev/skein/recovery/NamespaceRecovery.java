package dev.skein.recovery;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.PreparedEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Connection state recovery for one namespace, as the socket layer calls it. Every recoverable packet gets an
 * offset, appended as its last argument, in one order per namespace that each connection receives them in;
 * sockets' sessions are kept (when their disconnection keeps them) and restored with what they missed.
 * Thread-safe; nothing here blocks on the network.
 */
public interface NamespaceRecovery extends AutoCloseable {
    /** A new private session id, for a fresh socket: random, as a session id. */
    default String newPid() {
        return dev.skein.internal.Ids.privateSessionId();
    }

    /** Whether {@code local()} broadcasts are recoverable too: on a node alone they are; in a cluster not. */
    boolean recoversLocal();

    /**
     * The data map of a new socket: {@code initial} (a restored socket's) or a new one, which tells this
     * recovery when it changes if it writes sessions through.
     */
    Map<String, Object> newData(Map<String, Object> initial, RecoverableSocket owner);

    /** Admits a fresh socket: {@code attach} (which registers it) runs in order with the deliveries. */
    void admit(RecoverableSocket socket, Runnable attach);

    /** The socket's connection handlers have run: its session is written (once) where that is needed. */
    void admitted(RecoverableSocket socket);

    /**
     * Finds and claims the session of {@code pid} for a client that received up to {@code offset} ({@code
     * null}: nothing since it connected).
     *
     * @return the session, or {@code null} when it cannot be recovered (counted by outcome); never fails
     */
    CompletionStage<RestoredSession> restore(String pid, String offset);

    /**
     * Admits a restored socket: {@code attach} registers it (false when its client is gone: the session is
     * kept again), then {@code replay} gets every packet it missed, in order, before any later packet reaches
     * it; it should send them, then the CONNECT answer.
     *
     * @return whether the socket was admitted
     */
    CompletionStage<Boolean> admitRestored(
            RecoverableSocket socket,
            RestoredSession session,
            BooleanSupplier attach,
            Consumer<List<EncodedPacket>> replay);

    /** The socket's rooms or data changed. */
    void changed(RecoverableSocket socket);

    /**
     * The socket disconnected for {@code reason}, still in its rooms: its session is kept if the reason
     * keeps it, else forgotten. A socket whose session was restored elsewhere is ignored.
     */
    void closed(RecoverableSocket socket, String reason);

    /** Emits a recoverable event to the sockets {@code options} selects (on every node, in a cluster). */
    void broadcast(PreparedEvent event, BroadcastOptions options);

    /** Emits a recoverable event to one socket. */
    void emitTo(RecoverableSocket socket, PreparedEvent event, BroadcastFlags flags);

    /**
     * Runs {@code action} once every recoverable packet emitted on this node before this call has been handed
     * to its connections' event loops: at once on a node alone; in a cluster once this node's reader delivered
     * its earlier stream entries. A socket's other packets (acknowledgements, volatile events, its DISCONNECT)
     * go through here, so that they never overtake a recoverable event emitted before them. The action runs on
     * the calling thread or on the reader's, and should only enqueue.
     */
    void afterEmits(Runnable action);

    /** Completes once recoverable packets can get offsets (a cluster node: once it reads its stream). */
    CompletionStage<Void> whenReady();

    @Override
    void close();
}
