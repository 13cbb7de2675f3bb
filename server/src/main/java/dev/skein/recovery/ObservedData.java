package dev.skein.recovery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A socket's data that tells its session when an entry is set or removed, so that a cluster node writes the
 * session through. Changes inside a value (a list kept in the data, changed in place) and removals through
 * the views ({@code keySet().remove}) are not seen: they are written with the next change, or when the socket
 * disconnects. Thread-safe, like the map it is.
 */
final class ObservedData extends ConcurrentHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    private final transient Runnable onChange;

    ObservedData(Map<String, Object> initial, Runnable onChange) {
        super(initial == null ? 2 : Math.max(2, initial.size() * 2));
        if (initial != null) {
            initial.forEach((k, v) -> {
                if (k != null && v != null) {
                    super.put(k, v);
                }
            });
        }
        this.onChange = onChange;
    }

    @Override
    public Object put(String key, Object value) {
        Object previous = super.put(key, value);
        onChange.run();
        return previous;
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        super.putAll(m);
        onChange.run();
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        Object previous = super.putIfAbsent(key, value);
        if (previous == null) {
            onChange.run();
        }
        return previous;
    }

    @Override
    public Object remove(Object key) {
        Object previous = super.remove(key);
        if (previous != null) {
            onChange.run();
        }
        return previous;
    }

    @Override
    public boolean remove(Object key, Object value) {
        boolean removed = super.remove(key, value);
        if (removed) {
            onChange.run();
        }
        return removed;
    }

    @Override
    public Object replace(String key, Object value) {
        Object previous = super.replace(key, value);
        if (previous != null) {
            onChange.run();
        }
        return previous;
    }

    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        boolean replaced = super.replace(key, oldValue, newValue);
        if (replaced) {
            onChange.run();
        }
        return replaced;
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        super.replaceAll(function);
        onChange.run();
    }

    @Override
    public Object compute(String key, BiFunction<? super String, ? super Object, ?> function) {
        Object value = super.compute(key, function);
        onChange.run();
        return value;
    }

    @Override
    public Object computeIfAbsent(String key, Function<? super String, ?> function) {
        Object before = super.get(key);
        Object value = super.computeIfAbsent(key, function);
        if (before == null && value != null) {
            onChange.run();
        }
        return value;
    }

    @Override
    public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> function) {
        Object value = super.computeIfPresent(key, function);
        onChange.run();
        return value;
    }

    @Override
    public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> function) {
        Object merged = super.merge(key, value, function);
        onChange.run();
        return merged;
    }

    @Override
    public void clear() {
        super.clear();
        onChange.run();
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
