package dev.skein.socket;

import dev.skein.metrics.SkeinMetrics;
import io.netty.util.Timer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the sockets of one server share: the metrics, the timer for acknowledgement timeouts, the server-wide
 * connect guards, and the abuse limits of connections and sockets.
 *
 * @param metrics where the socket layer counts events
 * @param timer schedules acknowledgement timeouts
 * @param guards the connect guards every namespace runs first, in order (a live, thread-safe list)
 * @param limits events per connection, namespaces per connection, rooms per socket
 * @param unhandled what takes the events no handler takes, when set (backend routing)
 * @param recovery connection state recovery, or {@code null} when it is off
 */
record SocketContext(
        SkeinMetrics metrics,
        Timer timer,
        List<ConnectGuard> guards,
        SocketLimits limits,
        AtomicReference<UnhandledEventHandler> unhandled,
        dev.skein.recovery.Recovery recovery) {}
