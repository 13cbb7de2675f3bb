package dev.skein.engine;

import dev.skein.config.SkeinConfig;
import java.time.Duration;

/**
 * The limits every connection of the engine runs with.
 *
 * @param pingInterval how often the server pings (v4) or the client must ping (v3)
 * @param pingTimeout how long a pong (v4) or the next ping (v3, on top of the interval) may take
 * @param connectTimeout how long the client may take to join its first namespace
 * @param maxQueuedPackets outbound packets buffered before a slow client is cut off
 * @param maxPayloadBytes the largest HTTP body, websocket message or polling response
 * @param upgradeTimeout how long a polling client's probe websocket may take to complete the upgrade (the
 *     official server's {@code upgradeTimeout}, 10 s)
 */
record EngineSettings(
        Duration pingInterval,
        Duration pingTimeout,
        Duration connectTimeout,
        int maxQueuedPackets,
        int maxPayloadBytes,
        Duration upgradeTimeout) {
    static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(10);

    static EngineSettings of(SkeinConfig config) {
        return new EngineSettings(
                config.pingInterval(),
                config.pingTimeout(),
                config.connectTimeout(),
                config.maxQueuedPacketsPerClient(),
                config.maxPayloadBytes(),
                UPGRADE_TIMEOUT);
    }
}
