package dev.skein.socket;

import dev.skein.adapter.Adapter;
import dev.skein.config.LimitsConfig;
import dev.skein.limits.EventBudget;
import dev.skein.limits.EventRateLimit;
import dev.skein.limits.LimitsMetrics;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The limits of the Socket.IO layer: events per second per connection, namespaces per connection, rooms
 * per socket. Immutable and thread-safe.
 */
final class SocketLimits {
    private final EventRateLimit events;
    private final int maxNamespaces;
    private final int maxRooms;
    private final LimitsMetrics metrics;

    SocketLimits(LimitsConfig config, LimitsMetrics metrics, LongSupplier clock) {
        this.events = EventRateLimit.of(config, clock);
        this.maxNamespaces = config.maxNamespacesPerConnection();
        this.maxRooms = config.maxRoomsPerSocket();
        this.metrics = metrics;
    }

    LimitsMetrics metrics() {
        return metrics;
    }

    /** A new connection's event budget; {@code null} (nothing allocated) when events are not limited. */
    EventBudget newEventBudget() {
        return events == null ? null : events.newBudget();
    }

    /** The most namespaces a connection may join, {@code 0} for no limit. */
    int maxNamespaces() {
        return maxNamespaces;
    }

    /**
     * Checks that socket {@code socketId} may join {@code rooms}: in no more than {@code maxRoomsPerSocket}
     * rooms afterwards, its own room not counted.
     *
     * @throws RoomLimitException if it may not (counted)
     */
    void checkRooms(Adapter adapter, String socketId, Set<String> rooms) {
        if (maxRooms == 0) {
            return;
        }
        // its own room is one of those it is in; the rooms it is in already cost nothing to join again
        int named = adapter.socketRoomCount(socketId) - 1;
        if (named + rooms.size() <= maxRooms) {
            return;
        }
        Set<String> joined = adapter.socketRooms(socketId);
        long added = rooms.stream().filter(room -> !joined.contains(room)).count();
        long inRooms = joined.size() - (joined.contains(socketId) ? 1 : 0);
        if (inRooms + added > maxRooms) {
            metrics.rejected(LimitsMetrics.Limit.ROOMS_PER_SOCKET);
            throw new RoomLimitException(maxRooms);
        }
    }
}
