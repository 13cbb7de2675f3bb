package dev.skein.socket;

import java.util.Arrays;

/**
 * A socket's event handlers by event name: an immutable table replaced on each registration (sockets
 * register a handful of events when they connect, then only read). Names are found by a scan of their
 * hashes, which for the few events a socket has is as quick as a hash map's look-up and takes a fraction
 * of its memory (no nodes, no per-event list object).
 */
final class EventHandlers {
    static final EventHandlers NONE = new EventHandlers(new int[0], new String[0], new EventHandler[0][]);
    private static final EventHandler[] NO_HANDLERS = new EventHandler[0];

    private final int[] hashes;
    private final String[] events;
    /** Per event, its handlers in registration order. */
    private final EventHandler[][] handlers;

    private EventHandlers(int[] hashes, String[] events, EventHandler[][] handlers) {
        this.hashes = hashes;
        this.events = events;
        this.handlers = handlers;
    }

    /** A new table: these handlers, and {@code handler} after any that {@code event} already has. */
    EventHandlers with(String event, EventHandler handler) {
        int index = indexOf(event);
        if (index >= 0) {
            EventHandler[][] grownHandlers = handlers.clone();
            EventHandler[] existing = handlers[index];
            EventHandler[] appended = Arrays.copyOf(existing, existing.length + 1);
            appended[existing.length] = handler;
            grownHandlers[index] = appended;
            return new EventHandlers(hashes, events, grownHandlers);
        }
        int n = events.length;
        int[] grownHashes = Arrays.copyOf(hashes, n + 1);
        String[] grownEvents = Arrays.copyOf(events, n + 1);
        EventHandler[][] grownHandlers = Arrays.copyOf(handlers, n + 1);
        grownHashes[n] = event.hashCode();
        grownEvents[n] = event;
        grownHandlers[n] = new EventHandler[] {handler};
        return new EventHandlers(grownHashes, grownEvents, grownHandlers);
    }

    /** The handlers of {@code event}, in registration order; empty when none. Not to be modified. */
    EventHandler[] of(String event) {
        int index = indexOf(event);
        return index < 0 ? NO_HANDLERS : handlers[index];
    }

    private int indexOf(String event) {
        int hash = event.hashCode();
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == hash && events[i].equals(event)) {
                return i;
            }
        }
        return -1;
    }
}
