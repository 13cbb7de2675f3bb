package dev.skein.nettysocketio;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import dev.skein.socket.Ack;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * netty-socketio's {@link AckRequest} over Skein's {@link Ack}: the acknowledgement is sent once, its data mapped
 * like any emit (POJOs through the application's {@code JsonSupport}, {@code byte[]} as binary). Thread-safe.
 */
final class SkeinAckRequest extends AckRequest {
    private final Ack ack;
    private final PojoMapping mapping;
    private final AtomicBoolean sent = new AtomicBoolean();

    SkeinAckRequest(SocketIOClient client, Ack ack, PojoMapping mapping) {
        // netty-socketio's packet is never read: every method that would is overridden
        super(null, client);
        this.ack = ack;
        this.mapping = mapping;
    }

    @Override
    public boolean isAckRequested() {
        return ack.requested();
    }

    @Override
    public void sendAckData(Object... objs) {
        sendAckData(Arrays.asList(objs));
    }

    @Override
    public void sendAckData(List<Object> objs) {
        if (!isAckRequested() || !sent.compareAndSet(false, true)) {
            return;
        }
        ack.send(mapping.toWire(objs.toArray()));
    }

    /** Whether the acknowledgement went out (or an earlier call sent it). */
    boolean sent() {
        return sent.get();
    }
}
