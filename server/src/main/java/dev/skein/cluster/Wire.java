package dev.skein.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checked access to the fields of a decoded cluster message. */
final class Wire {
    private Wire() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String field) throws MalformedMessageException {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MalformedMessageException(field + " is not a map");
    }

    static List<Object> list(Object value, String field) throws MalformedMessageException {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw new MalformedMessageException(field + " is not an array");
    }

    static String string(Object value, String field) throws MalformedMessageException {
        if (value instanceof String s) {
            return s;
        }
        throw new MalformedMessageException(field + " is not a string");
    }

    /** A list of strings as a set; a missing list is empty. */
    static Set<String> strings(Object value, String field) throws MalformedMessageException {
        Set<String> set = new LinkedHashSet<>();
        if (value == null) {
            return set;
        }
        for (Object item : list(value, field)) {
            set.add(string(item, field));
        }
        return set;
    }

    static int integer(Object value, String field) throws MalformedMessageException {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new MalformedMessageException(field + " is not an integer");
    }
}
