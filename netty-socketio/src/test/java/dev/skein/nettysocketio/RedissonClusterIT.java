package dev.skein.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.store.RedissonStoreFactory;
import dev.skein.nettysocketio.app.ChatApplication;
import dev.skein.testing.JavaClients;
import dev.skein.testing.NodePeer;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestEnvironment;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Two netty-socketio applications on {@link SkeinSocketIOServer}, each configured with a {@link RedissonStoreFactory}
 * over its own Redisson client, and a Node.js {@code socket.io} node with the official {@code @socket.io/redis-adapter},
 * on one real {@code redis-server}: the applications' room broadcasts reach the clients of all three nodes, the Node
 * node's reach theirs, binary intact; and stopping a server leaves the application's Redisson client running.
 */
class RedissonClusterIT {
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisServer redis;
    private RedissonClient redissonA;
    private SkeinSocketIOServer nodeA;
    private SkeinSocketIOServer nodeB;
    private NodePeer nodeJs;

    @BeforeEach
    void startThreeNodes() {
        redis = RedisServer.start();
        redissonA = redisson();
        nodeA = start(redissonA);
        nodeB = start(redisson());
        nodeJs = NodePeer.start(redis.url());
        closing.add(nodeJs);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        redis.close();
    }

    @Test
    void roomBroadcastsCrossBothSkeinNodesAndTheNodeJsNode() throws Exception {
        Socket onA = client(nodeA.port());
        Socket onB = client(nodeB.port());
        Socket onNode = client(nodeJs.url());
        BlockingQueue<Object> chatOnB = received(onB, "chat");
        BlockingQueue<Object> chatOnNode = received(onNode, "chat");
        BlockingQueue<Object> chatOnA = received(onA, "chat");
        JavaClients.emitWithAck(onA, "join", "lobby");
        JavaClients.emitWithAck(onB, "join", "lobby");
        JavaClients.emitWithAck(onNode, "join", new JSONObject(Map.of("room", "lobby")));

        onA.emit("chat", new JSONObject(Map.of("room", "lobby", "text", "from A")));
        for (BlockingQueue<Object> chat : List.of(chatOnA, chatOnB, chatOnNode)) {
            JSONObject message = (JSONObject) next(chat);
            assertThat(message.getString("text")).isEqualTo("from A");
            assertThat(message.getString("user")).isEqualTo("anonymous");
        }

        BlockingQueue<Object> newsOnA = received(onA, "news");
        BlockingQueue<Object> newsOnB = received(onB, "news");
        nodeJs.call("emit", Map.of("rooms", List.of("lobby"), "event", "news", "args", List.of("from node")));
        assertThat(next(newsOnA)).isEqualTo("from node");
        assertThat(next(newsOnB)).isEqualTo("from node");
    }

    @Test
    void aBinaryRoomBroadcastArrivesIntactOnEveryNode() throws Exception {
        Socket onA = client(nodeA.port());
        Socket onB = client(nodeB.port());
        Socket onNode = client(nodeJs.url());
        JavaClients.emitWithAck(onA, "join", "lobby");
        JavaClients.emitWithAck(onB, "join", "lobby");
        JavaClients.emitWithAck(onNode, "join", new JSONObject(Map.of("room", "lobby")));
        BlockingQueue<Object> fileOnB = received(onB, "file");
        BlockingQueue<Object> fileOnNode = received(onNode, "file");

        byte[] bytes = {1, 2, 3, 0, (byte) 255};
        JSONObject file =
                new JSONObject().put("room", "lobby").put("name", "a.bin").put("data", bytes);
        JavaClients.emitWithAck(onA, "file", file);

        for (BlockingQueue<Object> arrived : List.of(fileOnB, fileOnNode)) {
            JSONObject received = (JSONObject) next(arrived);
            assertThat(received.getString("name")).isEqualTo("a.bin");
            assertThat((byte[]) received.get("data")).containsExactly(bytes);
        }
    }

    @Test
    void stoppingTheServerLeavesTheApplicationsRedissonClientRunning() {
        nodeA.stop();
        assertThat(redissonA.isShutdown()).isFalse();
        assertThat(redissonA.getBucket("still-mine").isExists()).isFalse();
    }

    private SkeinSocketIOServer start(RedissonClient redisson) {
        Configuration config = ChatApplication.configuration(TestEnvironment.LOOPBACK, 0);
        config.setStoreFactory(new RedissonStoreFactory(redisson));
        SkeinSocketIOServer server = new SkeinSocketIOServer(config);
        ChatApplication.install(server);
        server.start();
        closing.add(server::stop);
        return server;
    }

    private RedissonClient redisson() {
        Config config = new Config();
        config.useSingleServer().setAddress(redis.url().toString()).setPingConnectionInterval(0);
        RedissonClient client = Redisson.create(config);
        closing.add(client::shutdown);
        return client;
    }

    private Socket client(int port) throws Exception {
        return client(TestEnvironment.url(port));
    }

    private Socket client(String url) throws Exception {
        JavaClients clients = new JavaClients(url);
        closing.add(clients);
        return clients.connect("/");
    }

    private static BlockingQueue<Object> received(Socket socket, String event) {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        socket.on(event, args -> queue.add(args[0]));
        return queue;
    }

    private static Object next(BlockingQueue<Object> queue) throws InterruptedException {
        Object value = queue.poll(5, TimeUnit.SECONDS);
        assertThat(value).as("an event within 5 s").isNotNull();
        return value;
    }
}
