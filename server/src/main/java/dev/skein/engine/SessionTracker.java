package dev.skein.engine;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * netty-socketio's session registry, also remembering which channels each session has bound (so that
 * a session's transports can be closed; netty-socketio itself offers no way to) and reporting each new
 * session the moment the handshake registers it.
 */
final class SessionTracker extends ClientsBox {
    private final ConcurrentHashMap<UUID, Set<Channel>> channels = new ConcurrentHashMap<>();
    private final Consumer<ClientHead> onOpened;
    private final BiConsumer<ClientHead, Channel> onBound;

    /**
     * @param onOpened told of each new session, before its handshake packet is queued
     * @param onBound told each time a session binds a transport channel, before queued packets flush
     */
    SessionTracker(Consumer<ClientHead> onOpened, BiConsumer<ClientHead, Channel> onBound) {
        this.onOpened = onOpened;
        this.onBound = onBound;
    }

    @Override
    public void addClient(ClientHead client) {
        super.addClient(client);
        onOpened.accept(client);
    }

    @Override
    public void add(Channel channel, ClientHead client) {
        super.add(channel, client);
        channels.computeIfAbsent(client.getSessionId(), id -> ConcurrentHashMap.newKeySet())
                .add(channel);
        channel.closeFuture().addListener(f -> forget(client.getSessionId(), channel));
        onBound.accept(client, channel);
    }

    /** netty-socketio released a channel (an answered long-poll): it no longer belongs to its session. */
    @Override
    public void remove(Channel channel) {
        ClientHead client = get(channel);
        super.remove(channel);
        if (client != null) {
            forget(client.getSessionId(), channel);
        }
    }

    @Override
    public ClientHead removeClient(UUID sessionId) {
        channels.remove(sessionId);
        return super.removeClient(sessionId);
    }

    /** The channels the session has bound and that are still open. */
    List<Channel> channelsOf(UUID sessionId) {
        return List.copyOf(channels.getOrDefault(sessionId, Set.of()));
    }

    private void forget(UUID sessionId, Channel channel) {
        channels.computeIfPresent(sessionId, (id, set) -> {
            set.remove(channel);
            return set;
        });
    }
}
