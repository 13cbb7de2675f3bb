package dev.skein.socket;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Dynamic namespaces: every namespace a {@link NamespaceMatcher} accepts is created on its first
 * CONNECT, with its own rooms, and runs this group's middleware and connection handlers before its
 * own. Thread-safe.
 */
public interface NamespaceGroup {
    /** Adds a connection handler for the sockets of every namespace of the group. */
    NamespaceGroup onConnection(Consumer<Socket> handler);

    /** Adds a connect middleware for every namespace of the group. */
    NamespaceGroup use(ConnectMiddleware middleware);

    /** Emits to every socket of every namespace of the group. */
    void emit(String event, Object... args);

    /** The namespaces created so far. A snapshot. */
    Collection<Namespace> children();
}
