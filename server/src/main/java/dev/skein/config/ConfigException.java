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

    private ConfigException(String setting, java.util.List<String> lines) {
        super(String.join("\n", lines));
        this.setting = setting;
        this.expected = lines.get(0);
    }

    /** An unusable value of {@code setting}. */
    public static ConfigException invalid(String setting, Object value, String expected) {
        return new ConfigException(setting, value, expected);
    }

    /**
     * Errors in the file that {@code setting} names, one complete line each ({@code "routes.yaml:7: ..."}): the
     * message holds them one per line.
     *
     * @throws IllegalArgumentException if {@code lines} is empty
     */
    public static ConfigException inFile(String setting, java.util.List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines : [] (expected: at least one error)");
        }
        return new ConfigException(setting, java.util.List.copyOf(lines));
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
