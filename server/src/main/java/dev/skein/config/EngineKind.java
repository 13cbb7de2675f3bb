package dev.skein.config;

import java.util.Arrays;
import java.util.Locale;

/** Which Engine.IO layer a node runs: netty-socketio's, or Skein's own on plain Netty. */
public enum EngineKind {
    NETTY_SOCKETIO("netty-socketio"),
    SKEIN("skein");

    private final String wireName;

    EngineKind(String wireName) {
        this.wireName = wireName;
    }

    /** Its name in settings: {@code netty-socketio} or {@code skein}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The engine called {@code name}.
     *
     * @throws ConfigException for any other name
     */
    public static EngineKind fromWire(String name) {
        return Arrays.stream(values())
                .filter(e -> e.wireName.equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> ConfigException.invalid("engine", name, "netty-socketio or skein"));
    }
}
