package dev.skein.nettysocketio;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the application's objects into the plain values Skein sends ({@code Map}, {@code List}, scalars, {@code
 * byte[]}) and the plain values Skein receives into the classes the application's listeners and acknowledgement
 * callbacks ask for, through the application's own {@link JsonSupport} (netty-socketio's {@code
 * JacksonJsonSupport} unless it set another): its modules, its {@code NON_NULL} inclusion, its event mappings.
 * {@code byte[]} stays binary anywhere in an object, both ways. Thread-safe (the {@code JsonSupport}'s buffers are
 * per thread).
 */
final class PojoMapping {
    /** Reads JSON into plain values; {@code byte[]} never appears in what it reads. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static final String PLACEHOLDER = "_placeholder";

    private final JsonSupport json;

    PojoMapping(JsonSupport json) {
        this.json = json;
    }

    /** The application's {@code JsonSupport}. */
    JsonSupport jsonSupport() {
        return json;
    }

    /** {@code args}, each as a plain value: scalars and {@code byte[]} as they are, anything else through JSON. */
    Object[] toWire(Object[] args) {
        Object[] wire = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            wire[i] = toWire(args[i]);
        }
        return wire;
    }

    /** {@code value} as a plain value. */
    Object toWire(Object value) {
        if (isPlainScalar(value)) {
            return value;
        }
        ByteBuf buffer = Unpooled.buffer();
        try {
            json.writeValue(new ByteBufOutputStream(buffer), value);
            List<byte[]> attachments = List.copyOf(json.getArrays());
            json.getArrays().clear();
            Object tree = PLAIN.readValue((java.io.InputStream) new ByteBufInputStream(buffer), Object.class);
            return attachments.isEmpty() ? tree : withAttachments(tree, attachments);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot write " + value.getClass().getName() + " as JSON", e);
        } finally {
            buffer.release();
        }
    }

    /**
     * An event's arguments as the listeners of {@code namespace}'s {@code event} ask for them: one per class of
     * {@code classes} (fewer when fewer came; arguments beyond are dropped, as netty-socketio does).
     */
    List<Object> fromWire(String namespace, String event, List<Class<?>> classes, List<Object> args) {
        int count = Math.min(classes.size(), args.size());
        boolean plain = true;
        for (int i = 0; i < count && plain; i++) {
            plain = fitsAsIs(classes.get(i), args.get(i));
        }
        List<Object> decoded = plain ? null : decode(namespace, event, args.subList(0, count));
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Class<?> type = classes.get(i);
            Object arg = args.get(i);
            // a value that fits is handed over as Skein read it: binary stays byte[] even where Object is asked for
            values.add(type == Void.class ? null : fitsAsIs(type, arg) ? arg : decoded.get(i));
        }
        return values;
    }

    private List<Object> decode(String namespace, String event, List<Object> args) {
        List<Object> eventArray = new ArrayList<>(args.size() + 1);
        eventArray.add(event);
        eventArray.addAll(args);
        List<Object> decoded = read(eventArray, in -> json.readValue(namespace, in, Event.class))
                .getArgs();
        if (decoded.size() < args.size()) {
            throw new IllegalArgumentException("event '" + event + "' of namespace '" + namespace
                    + "' has no mapping for its arguments (no listener registered it)");
        }
        return decoded;
    }

    /** The arguments of an acknowledgement, as {@code callback}'s result class (or classes) asks for them. */
    List<Object> ackFromWire(AckCallback<?> callback, List<Object> args) {
        AckArgs decoded = read(args, in -> json.readAckArgs(in, callback));
        return decoded.getArgs();
    }

    private <T> T read(List<Object> values, Reader<T> reader) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            // binary travels as base64 text here, which Jackson reads back into byte[] fields
            PLAIN.writeValue((java.io.OutputStream) new ByteBufOutputStream(buffer), values);
            return reader.read(new ByteBufInputStream(buffer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            buffer.release();
        }
    }

    private static boolean fitsAsIs(Class<?> type, Object value) {
        return value == null || type == Void.class || type == Object.class || type.isInstance(value);
    }

    private static boolean isPlainScalar(Object value) {
        return value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Double
                || value instanceof Float
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger
                || value instanceof BigDecimal
                || value instanceof byte[];
    }

    /** {@code tree} with each {@code {"_placeholder":true,"num":n}} replaced by attachment {@code n}. */
    private static Object withAttachments(Object tree, List<byte[]> attachments) {
        if (tree instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get(PLACEHOLDER)) && map.get("num") instanceof Number num && map.size() == 2) {
                int index = num.intValue();
                return index >= 0 && index < attachments.size() ? attachments.get(index) : tree;
            }
            Map<Object, Object> copy = new LinkedHashMap<>(map.size());
            map.forEach((k, v) -> copy.put(k, withAttachments(v, attachments)));
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
                copy.add(withAttachments(it.next(), attachments));
            }
            return copy;
        }
        return tree;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ByteBufInputStream in) throws IOException;
    }
}
