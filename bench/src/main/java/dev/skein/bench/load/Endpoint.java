package dev.skein.bench.load;

import java.util.Objects;

/**
 * Where a Socket.IO server listens: a host and a port, the Engine.IO path being {@code /socket.io/}.
 *
 * @param host a loopback address or name
 * @param port the TCP port, 1..65535
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port : " + port + " (expected: 1..65535)");
        }
    }

    /** The Engine.IO path and query for {@code transport}, with {@code sid} when not null. */
    public String path(Transport transport, String sid) {
        String query = "/socket.io/?EIO=4&transport=" + transport.queryName();
        return sid == null ? query : query + "&sid=" + sid;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
