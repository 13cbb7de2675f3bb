package dev.skein.socket;

import dev.skein.metrics.SkeinMetrics;
import io.netty.util.Timer;

/**
 * What the sockets of one server share: the metrics, the timer for acknowledgement timeouts, and the abuse
 * limits of connections and sockets.
 *
 * @param metrics where the socket layer counts events
 * @param timer schedules acknowledgement timeouts
 * @param limits events per connection, namespaces per connection, rooms per socket
 */
record SocketContext(SkeinMetrics metrics, Timer timer, SocketLimits limits) {}
