package dev.skein.socket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Emits to one socket with delivery flags: {@code socket.asVolatile().emit(...)}. Immutable. */
public interface SocketEmitter {
    /** Lets the packet be dropped if the client cannot take it right now (it is counted). */
    SocketEmitter asVolatile();

    /** Whether the packet may be compressed on the wire (websocket compression on); default true. */
    SocketEmitter compress(boolean compress);

    /** Emits {@code event}; {@code byte[]} arguments travel as binary. */
    void emit(String event, Object... args);

    /** Emits {@code event} and waits for the client's acknowledgement, at most {@code timeout}. */
    CompletableFuture<Args> emitWithAck(String event, Duration timeout, Object... args);
}
