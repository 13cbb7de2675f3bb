package dev.skein.recovery;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/** A socket as connection state recovery sees it. Thread-safe. */
public interface RecoverableSocket {
    /** The public socket id, kept across a recovery. */
    String id();

    /** The private session id the client sends back to recover. */
    String pid();

    /** The socket's rooms now, its own included. */
    Set<String> rooms();

    /** The socket's application data. */
    Map<String, Object> data();

    /** Runs tasks on the socket's event loop. */
    Executor executor();
}
