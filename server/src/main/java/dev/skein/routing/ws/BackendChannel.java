package dev.skein.routing.ws;

import dev.skein.routing.RouteFailure;
import dev.skein.routing.discovery.Instance;
import dev.skein.socket.Socket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client's WebSocket channel to one instance of a service: opening (frames wait, up to {@link
 * #MAX_WAITING}), open (frames written at once), then closed for good: a client whose channel dropped gets a new
 * one on its next event for the service. Thread-safe: its state changes under its lock, callbacks run outside.
 */
public final class BackendChannel {
    /** Frames that may wait while the channel opens; more are refused with {@code "busy"}. */
    static final int MAX_WAITING = 256;

    private enum State {
        OPENING,
        OPEN,
        CLOSED
    }

    private final Instance instance;
    private final Socket socket;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private State state = State.OPENING;
    private Channel channel;
    private boolean closedByUs;
    private boolean closedByService;

    BackendChannel(Instance instance, Socket socket) {
        this.instance = instance;
        this.socket = socket;
    }

    public Instance instance() {
        return instance;
    }

    /** The client's socket whose channel this is. */
    Socket socket() {
        return socket;
    }

    synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * Sends a text frame; {@code done} gets {@code null} once it is written, or the failure.
     */
    public void send(String frame, Consumer<RouteFailure> done) {
        Channel open;
        synchronized (this) {
            if (state == State.OPENING) {
                if (waiting.size() >= MAX_WAITING) {
                    open = null;
                } else {
                    waiting.add(new Waiting(frame, done));
                    return;
                }
            } else {
                open = state == State.OPEN ? channel : null;
            }
        }
        if (open == null) {
            done.accept(RouteFailure.of(isClosed() ? RouteFailure.CLOSED : RouteFailure.BUSY));
            return;
        }
        write(open, frame, done);
    }

    /** The TCP connection exists (its handshake is under way). */
    synchronized void connected(Channel connected) {
        channel = connected;
        if (state == State.CLOSED || closedByUs) {
            connected.close();
        }
    }

    /**
     * The handshake completed on {@code open}: waiting frames go out, in order. It may come before the connect's
     * own listener ran ({@link #connected}), hence the channel given again.
     */
    void opened(Channel open) {
        List<Waiting> flushed;
        synchronized (this) {
            channel = open;
            if (state != State.OPENING || closedByUs) {
                return;
            }
            state = State.OPEN;
            flushed = new ArrayList<>(waiting);
            waiting.clear();
        }
        flushed.forEach(w -> write(open, w.frame(), w.done()));
    }

    /** The service sent a close frame: a clean close, the instance is not to blame. */
    synchronized void closingByService() {
        closedByService = true;
    }

    /**
     * The channel is gone; waiting frames fail.
     *
     * @return what happened, for the owner to tell the client and discovery
     */
    Ending ended() {
        List<Waiting> failed;
        Ending ending;
        synchronized (this) {
            if (state == State.CLOSED) {
                return Ending.ALREADY;
            }
            boolean wasOpen = state == State.OPEN;
            state = State.CLOSED;
            failed = new ArrayList<>(waiting);
            waiting.clear();
            if (closedByUs) {
                ending = Ending.BY_CLIENT;
            } else if (!wasOpen) {
                ending = Ending.NEVER_OPENED;
            } else {
                ending = closedByService ? Ending.BY_SERVICE : Ending.DROPPED;
            }
        }
        RouteFailure failure =
                RouteFailure.of(ending == Ending.NEVER_OPENED ? RouteFailure.UNAVAILABLE : RouteFailure.CLOSED);
        failed.forEach(w -> w.done().accept(failure));
        return ending;
    }

    /** Closes it because the client left (or the node stops). */
    void close() {
        Channel open;
        synchronized (this) {
            closedByUs = true;
            open = channel;
        }
        if (open != null) {
            open.close();
        }
        // else: still connecting; the connection is closed as soon as it exists, or its failure ends it
    }

    private static void write(Channel channel, String frame, Consumer<RouteFailure> done) {
        ChannelFuture written = channel.writeAndFlush(new TextWebSocketFrame(frame));
        written.addListener(f -> done.accept(f.isSuccess() ? null : RouteFailure.of(RouteFailure.CLOSED)));
    }

    /** How a channel ended. */
    enum Ending {
        ALREADY,
        /** The client left or the node stops. */
        BY_CLIENT,
        /** It never opened: no connection or no handshake. */
        NEVER_OPENED,
        /** The service closed it cleanly, with a close frame. */
        BY_SERVICE,
        /** It dropped: no close frame (a crashed instance, a broken network), or no pong in time. */
        DROPPED
    }

    private record Waiting(String frame, Consumer<RouteFailure> done) {}
}
