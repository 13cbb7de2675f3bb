package dev.skein.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * One connection's heartbeat, as the official server runs it. Engine.IO v4: the server pings every
 * {@code pingInterval} and waits {@code pingTimeout} for the pong. Engine.IO v3: the client pings and
 * the server gives up {@code pingInterval + pingTimeout} after the last ping. Replaces netty-socketio's,
 * which measured the timeout from the last pong and ended the session with a Socket.IO DISCONNECT
 * (telling clients not to reconnect). Thread-safe.
 */
final class Heartbeat {
    /** What the heartbeat does to its connection. */
    interface Peer {
        void sendPing();

        void timedOut();
    }

    private final EngineScheduler timers;
    private final Duration interval;
    private final Duration timeout;
    private final boolean serverPings;
    private final Peer peer;
    private ScheduledFuture<?> pending;
    private boolean stopped;

    Heartbeat(EngineScheduler timers, Duration interval, Duration timeout, boolean serverPings, Peer peer) {
        this.timers = timers;
        this.interval = interval;
        this.timeout = timeout;
        this.serverPings = serverPings;
        this.peer = peer;
    }

    synchronized void start() {
        if (serverPings) {
            arm(interval, this::ping);
        } else {
            arm(interval.plus(timeout), peer::timedOut);
        }
    }

    /** A v4 client answered the ping. */
    synchronized void pongReceived() {
        if (serverPings) {
            arm(interval, this::ping);
        }
    }

    /** A v3 client pinged. */
    synchronized void pingReceived() {
        if (!serverPings) {
            arm(interval.plus(timeout), peer::timedOut);
        }
    }

    synchronized void stop() {
        stopped = true;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void ping() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            arm(timeout, peer::timedOut);
        }
        peer.sendPing();
    }

    private void arm(Duration delay, Runnable task) {
        if (stopped) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timers.after(delay, task);
    }
}
