package dev.skein.examples.nettysocketio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.store.RedissonStoreFactory;
import dev.skein.nettysocketio.SkeinSocketIOServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.Redisson;
import org.redisson.config.Config;

/**
 * A chat server written the netty-socketio way (a {@link Configuration}, listeners with POJOs, rooms), served by Skein
 * through {@link SkeinSocketIOServer}: the one line that differs from a netty-socketio application is marked below. It
 * speaks the events of Skein's demo, so {@code skein-client-demo} and the demo page's clients talk to it: {@code join}
 * {@code {"room"}} joins a room, {@code my_room_event} {@code {"room","data"}} says something to it, and every client
 * gets {@code my_response} {@code {"room","data","count"}}.
 *
 * <pre>
 * java -jar examples/target/skein-netty-socketio-chat.jar [--port 3000] [--host 0.0.0.0] [--origin https://app.example]
 *     [--redis-url redis://localhost:6379]
 * </pre>
 *
 * With {@code --redis-url}, the application hands netty-socketio's {@code RedissonStoreFactory} a Redisson client, and
 * the node joins the cluster of that Redis, with Skein and Node.js nodes alike.
 */
public final class NettySocketIoChat {
    private NettySocketIoChat() {}

    /** A message to a room, as clients send it. */
    public static class RoomMessage {
        public String room;
        public String data;
    }

    /** A request to join a room. */
    public static class JoinRequest {
        public String room;
    }

    /** What every client receives: the room (none for a greeting), the text and a running count. */
    public static class Response {
        public String room;
        public String data;
        public long count;

        Response(String room, String data, long count) {
            this.room = room;
            this.data = data;
            this.count = count;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Configuration config = new Configuration();
        config.setHostname(option(args, "--host", "0.0.0.0"));
        config.setPort(Integer.parseInt(option(args, "--port", "3000")));
        // explicit origins, never "*": the demo page of a Skein node on port 3000 by default
        config.setOrigin(option(args, "--origin", "http://localhost:3000 http://127.0.0.1:3000"));
        config.setRandomSession(true);
        String redisUrl = option(args, "--redis-url", null);
        if (redisUrl != null) {
            Config redisson = new Config();
            // no Redisson pings (they drop a pub/sub message now and then); TCP keepalive finds dead connections
            redisson.setTcpKeepAlive(true);
            redisson.useSingleServer().setAddress(redisUrl).setPingConnectionInterval(0);
            config.setStoreFactory(new RedissonStoreFactory(Redisson.create(redisson)));
        }

        SocketIOServer server = new SkeinSocketIOServer(config); // was: new SocketIOServer(config)

        AtomicLong count = new AtomicLong();
        server.addConnectListener(client -> client.sendEvent("my_response", new Response(null, "Connected", 0)));
        server.addEventListener("join", JoinRequest.class, (client, join, ack) -> {
            client.joinRoom(join.room);
            List<String> rooms = new ArrayList<>(client.getAllRooms());
            rooms.remove("");
            rooms.sort(null);
            client.sendEvent("my_response", new Response(null, "In rooms: " + rooms, count.incrementAndGet()));
        });
        server.addEventListener("leave", JoinRequest.class, (client, leave, ack) -> client.leaveRoom(leave.room));
        server.addEventListener(
                "my_room_event", RoomMessage.class, (client, message, ack) -> server.getRoomOperations(message.room)
                        .sendEvent("my_response", new Response(message.room, message.data, count.incrementAndGet())));
        server.addDisconnectListener(client -> System.out.println("left: " + client.getSessionId()));

        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "chat-stop"));
        Thread.currentThread().join();
    }

    private static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i < args.length - 1; i++) {
            if (name.equals(args[i])) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
