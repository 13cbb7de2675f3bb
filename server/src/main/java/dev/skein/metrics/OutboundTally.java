package dev.skein.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one thread (an event loop) sent: events and bytes, counted with plain stores by that thread only,
 * and read by the registry when it is scraped. Counting a delivered packet then costs two additions,
 * not two striped atomic updates of shared counters.
 */
public final class OutboundTally {
    private static final VarHandle EVENTS;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            EVENTS = lookup.findVarHandle(OutboundTally.class, "events", long.class);
            BYTES = lookup.findVarHandle(OutboundTally.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long events;
    private long bytes;

    OutboundTally() {}

    /** Counts an event handed to a client's connection; by the owning thread only. */
    public void event() {
        EVENTS.setOpaque(this, events + 1);
    }

    /** Counts bytes written to a client; by the owning thread only. */
    public void bytes(long byteCount) {
        BYTES.setOpaque(this, bytes + byteCount);
    }

    long events() {
        return (long) EVENTS.getOpaque(this);
    }

    long bytes() {
        return (long) BYTES.getOpaque(this);
    }
}
