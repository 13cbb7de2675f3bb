package dev.skein.config;

import dev.skein.internal.SkeinException;

/**
 * A configuration value that cannot be used. The message reads {@code "<name> : <value> (expected:
 * <what>)"}; {@link #setting()} and {@link #expected()} give the parts.
 */
public final class ConfigException extends SkeinException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String expected;

    private ConfigException(String setting, Object value, String expected) {
        super(setting + " : " + value + " (expected: " + expected + ")");
        this.setting = setting;
        this.expected = expected;
    }

    /** An unusable value of {@code setting}. */
    public static ConfigException invalid(String setting, Object value, String expected) {
        return new ConfigException(setting, value, expected);
    }

    /** The setting at fault: a field name, an environment variable or a flag. */
    public String setting() {
        return setting;
    }

    /** What the setting accepts. */
    public String expected() {
        return expected;
    }
}
