package dev.skein.engine;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * The query of an Engine.IO request, read once: its protocol version ({@code EIO}), transport and session
 * id, and every parameter for the handshake. A key given twice reads as its values joined by commas, as the
 * official server's query parser gives it (an array, stringified): no version, transport or session matches
 * such a value, so the request gets the official refusal. A semicolon is an ordinary character, as in the
 * official server.
 *
 * @param version the {@code EIO} value, {@code null} when absent
 * @param transport the {@code transport} value, {@code null} when absent
 * @param sid the {@code sid} value, {@code null} when absent (a handshake)
 * @param parameters every parameter, decoded
 */
record EngineQuery(String version, String transport, String sid, Map<String, List<String>> parameters) {
    /** Parameters beyond this many are dropped (Netty's default); the request line holds at most 4,096 bytes. */
    private static final int MAX_PARAMETERS = 1024;

    /**
     * Reads the query of {@code uri}.
     *
     * @return the query, or {@code null} when it cannot be decoded (a {@code %} escape that is cut short or
     *     not hexadecimal)
     */
    static EngineQuery parse(String uri) {
        Map<String, List<String>> params;
        try {
            params = QueryStringDecoder.builder()
                    .maxParams(MAX_PARAMETERS)
                    .semicolonIsNormalChar(true)
                    .build(uri)
                    .parameters();
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new EngineQuery(value(params, "EIO"), value(params, "transport"), value(params, "sid"), params);
    }

    private static String value(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(",", values);
    }
}
