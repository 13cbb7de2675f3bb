package dev.skein.socket;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable, ordered list of listeners, copied on each addition: the shape of a socket's listener
 * lists, which are written a few times when it connects and read on every packet. The empty list is one
 * shared instance, so a socket pays nothing for the kinds of listener it never uses (a {@code
 * CopyOnWriteArrayList} costs 56 bytes even empty).
 *
 * @param <T> the listener type
 */
final class Listeners<T> implements Iterable<T> {
    private static final Listeners<?> NONE = new Listeners<>(new Object[0]);

    private final Object[] items;

    private Listeners(Object[] items) {
        this.items = items;
    }

    /** The empty list. */
    @SuppressWarnings("unchecked")
    static <T> Listeners<T> none() {
        return (Listeners<T>) NONE;
    }

    /** A new list: these listeners, then {@code listener}. */
    Listeners<T> with(T listener) {
        Object[] grown = Arrays.copyOf(items, items.length + 1);
        grown[items.length] = listener;
        return new Listeners<>(grown);
    }

    boolean isEmpty() {
        return items.length == 0;
    }

    int size() {
        return items.length;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < items.length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (next >= items.length) {
                    throw new NoSuchElementException();
                }
                return (T) items[next++];
            }
        };
    }
}
