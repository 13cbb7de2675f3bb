package dev.skein.config;

import java.util.Locale;

/** The Engine.IO transports a client may use. */
public enum Transport {
    POLLING,
    WEBSOCKET;

    /** The name on the wire and in configuration: {@code polling}, {@code websocket}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
