package dev.skein.routing;

import dev.skein.routing.config.ServiceSpec;
import dev.skein.routing.discovery.Instances;
import dev.skein.routing.ws.BackendChannel;
import dev.skein.routing.ws.WsChannels;
import dev.skein.socket.Ack;
import dev.skein.socket.Args;
import dev.skein.socket.Socket;
import java.util.Map;

/**
 * A service reached over WebSocket channels, one per client socket: each routed event becomes a frame on the
 * socket's channel ({@code {"method", "data", "socket"}} for the Linkis form, {@code {"event", "args",
 * "socket"}} otherwise), acknowledged {@code {"sent": true}} once written. Thread-safe.
 */
final class WsService extends Service {
    private static final Map<String, Object> SENT = Map.of("sent", true);

    private final WsChannels channels;
    private final BackendMessages messages;

    WsService(
            ServiceSpec spec,
            Instances instances,
            RoutingMetrics metrics,
            WsChannels channels,
            BackendMessages messages) {
        super(spec, instances, metrics);
        this.channels = channels;
        this.messages = messages;
    }

    WsChannels channels() {
        return channels;
    }

    @Override
    void forward(Route route, Socket socket, String event, Args args, Ack ack) {
        String frame;
        try {
            frame = route.linkis() ? messages.methodFrame(socket, args) : messages.eventFrame(socket, event, args);
        } catch (RouteFailure failure) {
            fail(route, RoutingMetrics.NO_INSTANCE, failure, ack);
            return;
        }
        if (!route.tryBegin()) {
            fail(route, RoutingMetrics.NO_INSTANCE, RouteFailure.of(RouteFailure.BUSY), ack);
            return;
        }
        BackendChannel channel = channels.channelFor(socket);
        if (channel == null) {
            route.end();
            fail(route, RoutingMetrics.NO_INSTANCE, RouteFailure.of(RouteFailure.UNAVAILABLE), ack);
            return;
        }
        String instance = channel.instance().label();
        metrics.request(route.name(), name(), instance);
        long began = System.nanoTime();
        channel.send(frame, failure -> {
            route.end();
            if (failure != null) {
                fail(route, instance, failure, ack);
                return;
            }
            metrics.latency(route.name(), name(), instance, System.nanoTime() - began);
            ack.send(SENT);
        });
    }

    @Override
    public void close() {
        channels.close();
    }
}
