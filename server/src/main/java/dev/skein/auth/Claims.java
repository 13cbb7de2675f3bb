package dev.skein.auth;

import dev.skein.socket.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an {@link Authenticator} knows of a client: its token's claims as JSON values (strings, numbers,
 * booleans, lists, maps; {@code exp}, {@code nbf} and {@code iat} in seconds since the epoch, as in the
 * token). Immutable.
 *
 * <p>An accepted socket carries them in {@code socket.data()} under {@value #DATA_KEY}, as an unmodifiable map
 * (so they travel with {@code fetchSockets} like any data); {@link #from(Socket)} reads them back typed.
 */
public final class Claims {
    /** The key of the claims map in {@code socket.data()}. */
    public static final String DATA_KEY = "claims";

    private static final Claims NONE = new Claims(Map.of());

    private final Map<String, Object> values;

    private Claims(Map<String, Object> values) {
        this.values = values;
    }

    /** Claims holding a copy of {@code values}. */
    public static Claims of(Map<String, ?> values) {
        return new Claims(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** No claims: an accepted client the authenticator knows nothing about. */
    public static Claims none() {
        return NONE;
    }

    /** The claims of an authenticated socket, from its {@code data()}; empty when it has none. */
    @SuppressWarnings("unchecked")
    public static Optional<Claims> from(Socket socket) {
        Object value = socket.data().get(DATA_KEY);
        if (value instanceof Map<?, ?> map) {
            return Optional.of(new Claims(Collections.unmodifiableMap((Map<String, Object>) map)));
        }
        return Optional.empty();
    }

    /** The {@code sub} claim when it is a string. */
    public Optional<String> subject() {
        return string("sub");
    }

    /** The {@code exp} claim as an instant, when it is a number. */
    public Optional<Instant> expiresAt() {
        return values.get("exp") instanceof Number seconds
                ? Optional.of(Instant.ofEpochSecond(seconds.longValue()))
                : Optional.empty();
    }

    /** A claim as it is, or {@code null}. */
    public Object get(String name) {
        return values.get(name);
    }

    /** A claim when it is a string. */
    public Optional<String> string(String name) {
        return values.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A claim's strings: the claim itself when a string, its string items when a list, else none. */
    public List<String> strings(String name) {
        Object value = values.get(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof String s) {
                strings.add(s);
            }
        }
        return strings;
    }

    /** Every claim, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Claims other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        // claims may be personal data: the subject only
        return "Claims[sub=" + subject().orElse("(none)") + ", " + values.size() + " claims]";
    }
}
