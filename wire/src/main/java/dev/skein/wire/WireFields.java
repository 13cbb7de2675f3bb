package dev.skein.wire;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checked access to the fields of a decoded cluster message: each wrong type is a {@link MalformedMessageException} naming the field. */
public final class WireFields {
    private WireFields() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String field) throws MalformedMessageException {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MalformedMessageException(field + " is not a map");
    }

    public static List<Object> list(Object value, String field) throws MalformedMessageException {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw new MalformedMessageException(field + " is not an array");
    }

    public static String string(Object value, String field) throws MalformedMessageException {
        if (value instanceof String s) {
            return s;
        }
        throw new MalformedMessageException(field + " is not a string");
    }

    /** A list of strings as a set; a missing list is empty. */
    public static Set<String> strings(Object value, String field) throws MalformedMessageException {
        Set<String> set = new LinkedHashSet<>();
        if (value == null) {
            return set;
        }
        for (Object item : list(value, field)) {
            set.add(string(item, field));
        }
        return set;
    }

    public static int integer(Object value, String field) throws MalformedMessageException {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new MalformedMessageException(field + " is not an integer");
    }
}
