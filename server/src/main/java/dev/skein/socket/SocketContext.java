package dev.skein.socket;

import dev.skein.metrics.SkeinMetrics;
import io.netty.util.Timer;

/**
 * What the sockets of one server share: the metrics and the timer for acknowledgement timeouts.
 *
 * @param metrics where the socket layer counts events
 * @param timer schedules acknowledgement timeouts
 */
record SocketContext(SkeinMetrics metrics, Timer timer) {}
