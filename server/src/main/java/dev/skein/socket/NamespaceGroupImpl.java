package dev.skein.socket;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A group of dynamic namespaces and what its members share. */
final class NamespaceGroupImpl implements NamespaceGroup {
    private final NamespaceMatcher matcher;
    private final List<ConnectMiddleware> middleware = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final List<NamespaceImpl> children = new CopyOnWriteArrayList<>();

    NamespaceGroupImpl(NamespaceMatcher matcher) {
        this.matcher = matcher;
    }

    @Override
    public NamespaceGroup onConnection(Consumer<Socket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    @Override
    public NamespaceGroup use(ConnectMiddleware connectMiddleware) {
        middleware.add(connectMiddleware);
        return this;
    }

    @Override
    public void emit(String event, Object... args) {
        for (NamespaceImpl child : children) {
            child.emit(event, args);
        }
    }

    @Override
    public Collection<Namespace> children() {
        return List.copyOf(children);
    }

    boolean matches(String name, Map<String, Object> auth) {
        return matcher.matches(name, auth);
    }

    void adopt(NamespaceImpl child) {
        children.add(child);
    }

    List<ConnectMiddleware> middleware() {
        return middleware;
    }

    List<Consumer<Socket>> connectionHandlers() {
        return connectionHandlers;
    }
}
