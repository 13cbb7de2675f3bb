package dev.skein.socket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a client presented when it connected to a namespace. Immutable; its headers and query are kept
 * packed (read them when a socket connects rather than on every event).
 *
 * @param headers the HTTP headers of the Engine.IO handshake, names in lower case
 * @param query the query parameters of the Engine.IO handshake
 * @param address the client's IP address, without a port (like the official {@code handshake.address}): the
 *     TCP peer's, or, behind a trusted proxy ({@code SKEIN_TRUSTED_PROXIES}), the client address it forwarded
 *     (PROXY protocol header or {@code X-Forwarded-For}); {@code "unknown"} when none is known
 * @param time when the Engine.IO handshake happened
 * @param secure whether the connection used TLS
 * @param url the handshake request's URL
 * @param auth the {@code auth} payload of the namespace CONNECT, empty when none was sent
 */
public record Handshake(
        Map<String, List<String>> headers,
        Map<String, List<String>> query,
        String address,
        Instant time,
        boolean secure,
        String url,
        Map<String, Object> auth) {
    public Handshake {
        // packed: a connection keeps its handshake for its whole life (a map of lists costs ~4x the bytes)
        headers = PackedMultiMap.of(headers);
        query = PackedMultiMap.of(query);
        auth = auth == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(auth));
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    Handshake withAuth(Map<String, Object> namespaceAuth) {
        return new Handshake(headers, query, address, time, secure, url, namespaceAuth);
    }
}
