package dev.skein.adapter;

/** Makes the adapter of each namespace. */
@FunctionalInterface
public interface AdapterFactory {
    Adapter create(LocalSockets sockets);

    /** Adapters that keep everything in this node's memory. */
    static AdapterFactory inMemory() {
        return InMemoryAdapter::new;
    }
}
