package dev.skein.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;

/**
 * One simulated Socket.IO v5 client on Engine.IO v4, connected to namespace {@code "/"}: it answers
 * pings, counts attachments of binary events and hands events and acknowledgements to its {@link
 * SessionListener}. Subclasses own the transport. Not thread-safe: use it from {@link #eventLoop()} (other
 * threads' sends are handed to it by Netty).
 */
public abstract class Session {
    private final SessionListener listener;
    private final EventLoop eventLoop;
    private String sid;
    private boolean connected;
    private boolean closed;
    private int nextAckId;
    private int pendingAttachments;
    private long binaryEventSentNanos = LatencyMarker.NONE;

    /** The scenario's own per-client state, given at connect. */
    public final Object attachment;

    protected Session(SessionListener listener, EventLoop eventLoop, Object attachment) {
        this.listener = listener;
        this.eventLoop = eventLoop;
        this.attachment = attachment;
    }

    /** Queues an Engine.IO text packet (such as {@code 42[...]}) without flushing it. */
    public abstract void write(String enginePacket);

    /** Queues one binary attachment (the packets after a {@code 45<n>-[...]} event) without flushing it. */
    public abstract void writeAttachment(byte[] data);

    /** Sends what {@link #write} queued. */
    public abstract void flush();

    /** Closes the transport; {@link SessionListener#onClosed} follows. */
    public abstract void close();

    /** Writes and flushes one Engine.IO text packet. */
    public final void send(String enginePacket) {
        write(enginePacket);
        flush();
    }

    /** Emits {@code event} with {@code jsonArgs} (the JSON arguments after the name, may be empty). */
    public final void emit(String event, String jsonArgs) {
        send(eventPacket("", event, jsonArgs));
    }

    /** Emits {@code event} asking for an acknowledgement; returns the ack id the answer will carry. */
    public final int emitWithAck(String event, String jsonArgs) {
        int id = nextAckId++;
        send(eventPacket(Integer.toString(id), event, jsonArgs));
        return id;
    }

    /** The Engine.IO packet of an event, {@code 42<ackId>["event",args]}. */
    public static String eventPacket(String ackId, String event, String jsonArgs) {
        String args = jsonArgs.isEmpty() ? "" : "," + jsonArgs;
        return "42" + ackId + "[\"" + event + "\"" + args + "]";
    }

    public final boolean isConnected() {
        return connected && !closed;
    }

    public final boolean isClosed() {
        return closed;
    }

    /** The Engine.IO session id, once the handshake is done. */
    public final String sid() {
        return sid;
    }

    public final EventLoop eventLoop() {
        return eventLoop;
    }

    /** Handles one Engine.IO text packet; the transport keeps ownership of {@code packet}. */
    protected final void onTextPacket(ByteBuf packet) {
        if (!packet.isReadable()) {
            return;
        }
        byte type = packet.getByte(packet.readerIndex());
        switch (type) {
            case '0' -> onOpen(packet.toString(StandardCharsets.UTF_8));
            case '1' -> closed("server closed the transport");
            case '2' -> send("3");
            case '4' -> onMessage(packet);
            default -> {
                // '3' pong and '6' noop need no answer
            }
        }
    }

    /** Handles one binary attachment of the binary event being received. */
    protected final void onBinaryPacket(ByteBuf data) {
        if (pendingAttachments <= 0) {
            return;
        }
        if (binaryEventSentNanos == LatencyMarker.NONE) {
            binaryEventSentNanos = LatencyMarker.find(data);
        }
        if (--pendingAttachments == 0) {
            long sent = binaryEventSentNanos;
            binaryEventSentNanos = LatencyMarker.NONE;
            listener.onEvent(this, null, sent);
        }
    }

    /** Marks the session closed and tells the listener, once. */
    protected final void closed(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        connected = false;
        listener.onClosed(this, reason);
    }

    private void onOpen(String packet) {
        sid = stringField(packet, "sid");
        send("40");
    }

    private void onMessage(ByteBuf packet) {
        int start = packet.readerIndex();
        if (packet.readableBytes() < 2) {
            return;
        }
        switch (packet.getByte(start + 1)) {
            case '0' -> {
                connected = true;
                listener.onConnected(this);
            }
            case '1' -> closed("server disconnected the socket");
            case '2' -> listener.onEvent(this, packet, LatencyMarker.find(packet));
            case '3' -> listener.onAck(this, leadingNumber(packet, start + 2), packet);
            case '4' -> {
                closed("connect_error " + packet.toString(StandardCharsets.UTF_8));
                close();
            }
            case '5' -> {
                pendingAttachments = leadingNumber(packet, start + 2);
                binaryEventSentNanos = LatencyMarker.NONE;
            }
            default -> {
                // binary acks are not used by the scenarios
            }
        }
    }

    private static int leadingNumber(ByteBuf packet, int from) {
        int value = 0;
        for (int i = from; i < packet.writerIndex(); i++) {
            byte b = packet.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** The value of a string field in a small JSON object, by a plain search (handshake packets only). */
    static String stringField(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int end = json.indexOf('"', from);
        return end < 0 ? null : json.substring(from, end);
    }
}
