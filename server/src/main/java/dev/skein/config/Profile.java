package dev.skein.config;

import java.util.Locale;

/** Which application a standalone Skein node runs. */
public enum Profile {
    /** The demo app behind the web page at {@code /}. */
    DEMO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
