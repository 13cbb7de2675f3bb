package dev.skein.socket;

import dev.skein.protocol.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The arguments of an event or acknowledgement, as plain Java values: {@code Map}, {@code List},
 * {@code String}, {@code Number}, {@code Boolean}, {@code byte[]} for binary, and {@code null}.
 * Immutable.
 */
public final class Args {
    private static final Args EMPTY = new Args(List.of());

    private final List<Object> values;

    private Args(List<Object> values) {
        this.values = values;
    }

    /** Wraps {@code values}; the list is copied. */
    public static Args of(List<?> values) {
        return values.isEmpty() ? EMPTY : new Args(Collections.unmodifiableList(new ArrayList<>(values)));
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The argument at {@code index}, or {@code null} when there are fewer arguments. */
    public Object get(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    /**
     * The argument at {@code index} converted to {@code type} with Jackson ({@code Map} to a record or
     * bean, number to number, ...).
     *
     * @throws IllegalArgumentException if it does not convert
     */
    public <T> T get(int index, Class<T> type) {
        Object value = get(index);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        return Json.MAPPER.convertValue(value, type);
    }

    /** The argument at {@code index} if it is a string, else {@code null}. */
    public String getString(int index) {
        return get(index) instanceof String s ? s : null;
    }

    /** The arguments as an unmodifiable list. */
    public List<Object> asList() {
        return values;
    }

    @Override
    public String toString() {
        return "Args" + values;
    }
}
