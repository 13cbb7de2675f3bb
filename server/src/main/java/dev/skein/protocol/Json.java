package dev.skein.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of the protocol layer. Reading wire input gives plain Java values under a {@link DecoderLimits}'s
 * bounds (nesting depth, number and string length: Jackson's {@link StreamReadConstraints}, checked while
 * parsing); writing turns every {@code byte[]} into a Socket.IO attachment placeholder and collects its bytes.
 */
public final class Json {
    private static final Object ATTACHMENTS = new Object();

    /** Thread-safe, shared: reads into {@code Map}/{@code List}/scalars, rejects trailing garbage. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("skein-attachments").addSerializer(byte[].class, new PlaceholderSerializer()))
            .build();

    /** One reader per distinct limits (a node has one), each with its own constrained factory. */
    private static final ConcurrentHashMap<DecoderLimits, ObjectReader> WIRE_READERS = new ConcurrentHashMap<>();

    private Json() {}

    /** The reader of wire input under {@code limits}: built once per limits, then shared (thread-safe). */
    static ObjectReader wireReader(DecoderLimits limits) {
        return WIRE_READERS.computeIfAbsent(limits, Json::newWireReader);
    }

    private static ObjectReader newWireReader(DecoderLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxNumberLength(DecoderLimits.MAX_NUMBER_LENGTH)
                .maxStringLength(limits.maxStringLength())
                .build();
        JsonFactory factory =
                JsonFactory.builder().streamReadConstraints(constraints).build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build()
                .readerFor(Object.class);
    }

    /**
     * Parses one JSON text from the wire into plain Java values.
     *
     * @throws ProtocolException if it is not JSON, or passes a limit (the reason says which)
     */
    static Object read(ObjectReader reader, String json) throws ProtocolException {
        try {
            return reader.readValue(json);
        } catch (StreamConstraintsException e) {
            throw new ProtocolException(constraintReason(e.getOriginalMessage()), "JSON payload beyond a limit");
        } catch (JsonProcessingException e) {
            throw new ProtocolException("invalid JSON payload");
        }
    }

    private static String constraintReason(String message) {
        String text = String.valueOf(message);
        if (text.startsWith("Document nesting depth")) {
            return "json depth";
        }
        if (text.startsWith("Number value length")) {
            return "json number length";
        }
        if (text.startsWith("String value length")) {
            return "json string length";
        }
        return "json limit";
    }

    /**
     * Writes {@code value} as JSON, appending each {@code byte[]} met on the way to {@code attachments}
     * and writing its placeholder in its place.
     */
    static String write(Object value, List<byte[]> attachments) {
        try {
            return MAPPER.writer().withAttribute(ATTACHMENTS, attachments).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static final class PlaceholderSerializer extends StdSerializer<byte[]> {
        private static final long serialVersionUID = 1L;

        PlaceholderSerializer() {
            super(byte[].class);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Object sink = provider.getAttribute(ATTACHMENTS);
            List<byte[]> attachments = sink instanceof List ? (List<byte[]>) sink : new ArrayList<>();
            gen.writeStartObject();
            gen.writeBooleanField("_placeholder", true);
            gen.writeNumberField("num", attachments.size());
            gen.writeEndObject();
            attachments.add(value);
        }
    }
}
