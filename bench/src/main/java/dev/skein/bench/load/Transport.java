package dev.skein.bench.load;

import java.util.Locale;

/** The Engine.IO transport a simulated client uses for its whole life (no upgrade). */
public enum Transport {
    WEBSOCKET,
    POLLING;

    /** {@code "websocket"} or {@code "polling"}, as in the Engine.IO query. */
    public String queryName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
