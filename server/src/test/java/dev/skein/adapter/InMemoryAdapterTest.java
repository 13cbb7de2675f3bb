package dev.skein.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.protocol.EncodedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InMemoryAdapterTest {
    private final List<String> delivered = new ArrayList<>();
    private final List<String> disconnected = new ArrayList<>();
    private final InMemoryAdapter adapter = new InMemoryAdapter(new LocalSockets() {
        @Override
        public String namespace() {
            return "/";
        }

        @Override
        public void deliver(String socketId, EncodedPacket packet, BroadcastFlags flags) {
            delivered.add(socketId);
        }

        @Override
        public boolean deliverWithAck(
                String socketId,
                EncodedPacket packet,
                long ackId,
                Duration timeout,
                BroadcastFlags flags,
                Consumer<List<Object>> onAck) {
            delivered.add(socketId);
            onAck.accept(List.of(socketId));
            return true;
        }

        @Override
        public long nextAckId() {
            return 0;
        }

        @Override
        public void disconnect(String socketId, boolean close) {
            disconnected.add(socketId);
        }

        @Override
        public SocketSnapshot snapshot(String socketId) {
            return new SocketSnapshot(
                    socketId, java.util.Map.of(), InMemoryAdapterTest.this.adapter.socketRooms(socketId), null);
        }

        @Override
        public void serverSideEvent(List<Object> data, Consumer<Object> ack) {}
    });
    private final EncodedPacket packet = new EncodedPacket("2[\"e\"]", List.of());

    InMemoryAdapterTest() {
        adapter.addAll("a", Set.of("a", "red", "blue"));
        adapter.addAll("b", Set.of("b", "red"));
        adapter.addAll("c", Set.of("c"));
    }

    @Test
    void fetchSocketsDescribesTheSelectedSocketsWithTheirRooms() throws Exception {
        List<SocketSnapshot> fetched = adapter.fetchSockets(
                        new BroadcastOptions(Set.of("red", "c"), Set.of("blue"), BroadcastFlags.DEFAULT))
                .toCompletableFuture()
                .get();

        assertThat(fetched).extracting(SocketSnapshot::id).containsExactlyInAnyOrder("b", "c");
        assertThat(fetched).filteredOn(s -> s.id().equals("b")).singleElement().satisfies(s -> assertThat(s.rooms())
                .containsExactlyInAnyOrder("b", "red"));
    }

    @Test
    void aNodeAloneAnswersClusterRequestsItself() throws Exception {
        assertThat(adapter.allRooms().toCompletableFuture().get())
                .containsExactlyInAnyOrder("a", "b", "c", "red", "blue");
        assertThat(adapter.serverSideEmitWithAck(List.of("e"), Duration.ofSeconds(1))
                        .toCompletableFuture()
                        .get())
                .isEmpty();
        assertThat(adapter.serverCount().toCompletableFuture().get()).isEqualTo(1);
    }

    @Test
    void broadcastWithAckCountsEachReachedSocketOnceAndPassesTheirAnswers() {
        List<Integer> counts = new ArrayList<>();
        List<Object> answers = new ArrayList<>();

        adapter.broadcastWithAck(
                packet,
                7,
                options(Set.of("red", "c"), Set.of("b")),
                Duration.ofSeconds(1),
                counts::add,
                answers::addAll);

        assertThat(counts).containsExactly(2);
        assertThat(answers).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void multiRoomBroadcastReachesEachSocketOnce() {
        adapter.broadcast(packet, options(Set.of("red", "blue"), Set.of()));

        assertThat(delivered).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void emptyRoomsMeanEverySocketAndExceptLeavesRoomsOut() {
        adapter.broadcast(packet, options(Set.of(), Set.of("blue")));

        assertThat(delivered).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void leavingAndDisconnectingForgetMemberships() {
        adapter.del("b", "red");
        adapter.delAll("a");

        assertThat(adapter.sockets(Set.of("red"))).isEmpty();
        assertThat(adapter.hasRoom("red")).isFalse();
        assertThat(adapter.socketRooms("a")).isEmpty();
        assertThat(adapter.sockets(Set.of())).containsExactlyInAnyOrder("b", "c");
        assertThat(adapter.roomCount()).isZero();
    }

    @Test
    void operatorsOnSelectionsJoinLeaveAndDisconnect() {
        adapter.addSockets(options(Set.of("red"), Set.of()), Set.of("green"));
        assertThat(adapter.sockets(Set.of("green"))).containsExactlyInAnyOrder("a", "b");

        adapter.delSockets(options(Set.of("green"), Set.of("a")), Set.of("green"));
        assertThat(adapter.sockets(Set.of("green"))).containsExactly("a");

        adapter.disconnectSockets(options(Set.of("red"), Set.of()), false);
        assertThat(disconnected).containsExactlyInAnyOrder("a", "b");
        assertThat(adapter.roomCount()).isEqualTo(3);
    }

    private static BroadcastOptions options(Set<String> rooms, Set<String> except) {
        return new BroadcastOptions(rooms, except, BroadcastFlags.DEFAULT);
    }
}
