package dev.skein.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON mapper of the protocol layer. Reading gives plain Java values; writing turns every
 * {@code byte[]} into a Socket.IO attachment placeholder and collects its bytes.
 */
public final class Json {
    private static final Object ATTACHMENTS = new Object();

    /** Thread-safe, shared: reads into {@code Map}/{@code List}/scalars, rejects trailing garbage. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("skein-attachments").addSerializer(byte[].class, new PlaceholderSerializer()))
            .build();

    private Json() {}

    /** Parses one JSON text into plain Java values. */
    static Object read(String json) throws ProtocolException {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("invalid JSON payload");
        }
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
