package dev.skein.routing.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One backend service of the routes file.
 *
 * @param name its name, as routes give it
 * @param protocol how it is reached
 * @param instances its fixed instances' URLs; empty when found by {@code dns}
 * @param dns how its instances are found by DNS, {@code null} for a fixed list
 * @param connectTimeout how long a new connection (and a WebSocket's handshake) to an instance may take
 * @param setAside how long an instance that failed (a connect, a timeout) is left out of the choice
 * @param pingInterval how long a WebSocket channel may read nothing before it is pinged (WebSocket services);
 *     nothing read for as long again, not even the pong, closes it
 * @param maxConnections pooled keep-alive connections per instance (HTTP services)
 */
public record ServiceSpec(
        String name,
        Protocol protocol,
        List<URI> instances,
        DnsSpec dns,
        Duration connectTimeout,
        Duration setAside,
        Duration pingInterval,
        int maxConnections) {}
