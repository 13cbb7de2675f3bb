package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.adapter.InMemoryAdapter;
import dev.skein.adapter.LocalSockets;
import dev.skein.adapter.SocketSnapshot;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.PreparedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Recovery on a node alone, without a network: offsets, history, sessions, the rules of a restore. */
class MemoryRecoveryTest {
    private final List<String> delivered = new ArrayList<>();
    private final InMemoryAdapter adapter = new InMemoryAdapter(new Sockets());
    private final MutableClock clock = new MutableClock();
    private final MemoryRecovery recovery =
            new MemoryRecovery(adapter, 60_000, 5, new RecoveryMetrics(new SimpleMeterRegistry()), clock);

    @Test
    void eachEmitGetsTheNextOffsetAndReachesItsSockets() {
        Fake a = connect("a", "room");
        connect("b");

        emit("one", Set.of("room"));
        emit("two", Set.of());

        assertThat(delivered).containsExactly("a:2[\"one\",\"1\"]", "a:2[\"two\",\"2\"]", "b:2[\"two\",\"2\"]");
        assertThat(a.pid()).isNotNull();
    }

    @Test
    void aSocketKeptAtATransportCloseGetsWhatItMissedForItsRoomsOnce() {
        Fake a = connect("a", "room");
        emit("before", Set.of("room"));
        close(a, "transport close");
        emit("missed", Set.of("room"));
        emit("other", Set.of("elsewhere"));
        emit("direct", Set.of("a"));

        RestoredSession session = restore(a.pid(), "1");

        assertThat(session.sid()).isEqualTo("a");
        assertThat(session.rooms()).containsExactlyInAnyOrder("a", "room");
        assertThat(replay(session)).containsExactly("2[\"missed\",\"2\"]", "2[\"direct\",\"4\"]");
        assertThat(restore(a.pid(), "1")).as("restored at most once").isNull();
    }

    @Test
    void aDeliberateDisconnectForgetsTheSession() {
        Fake a = connect("a");
        close(a, "client namespace disconnect");
        assertThat(restore(a.pid(), null)).isNull();
        Fake b = connect("b");
        close(b, "server namespace disconnect");
        assertThat(restore(b.pid(), null)).isNull();
    }

    @Test
    void offsetsFromBeforeTheSessionFromTheFutureOrPastTheHistoryAreRefusedAndTheSessionStays() {
        emit("earlier", Set.of());
        Fake a = connect("a");
        close(a, "ping timeout");
        for (String offset : List.of("0", "99", "x", "-1", "")) {
            assertThat(restore(a.pid(), offset)).as(offset).isNull();
        }
        assertThat(restore(a.pid(), "1")).isNotNull();

        Fake b = connect("b");
        emit("seen", Set.of());
        close(b, "transport error");
        for (int i = 0; i < 6; i++) {
            emit("flood", Set.of("nobody"));
        }
        assertThat(restore(b.pid(), "2"))
                .as("the history (5 packets) no longer reaches back")
                .isNull();
    }

    @Test
    void aClientWithoutAnOffsetRecoversFromItsConnect() {
        emit("before", Set.of());
        Fake a = connect("a");
        close(a, "transport close");
        emit("after", Set.of());

        assertThat(replay(restore(a.pid(), null))).containsExactly("2[\"after\",\"2\"]");
    }

    @Test
    void aSessionExpires() {
        Fake a = connect("a");
        close(a, "transport close");
        clock.advance(Duration.ofSeconds(61));

        assertThat(restore(a.pid(), null)).isNull();
    }

    @Test
    void aConnectedSocketsSessionCanBeTakenOverAndItsCloseThenChangesNothing() {
        Fake a = connect("a", "room");
        emit("live", Set.of("room"));

        RestoredSession session = restore(a.pid(), "1");
        assertThat(session.rooms()).containsExactlyInAnyOrder("a", "room");
        close(a, "ping timeout");
        Fake again = new Fake("a", a.pid());
        recovery.admitRestored(again, session, () -> true, packets -> {});

        close(a, "transport close");
        close(again, "transport close");
        assertThat(restore(a.pid(), "1"))
                .as("the session kept is the new socket's")
                .isNotNull();
    }

    @Test
    void packetsEmittedBetweenTheRestoreAndTheAdmissionAreReplayedToo() {
        Fake a = connect("a");
        close(a, "transport close");
        RestoredSession session = restore(a.pid(), null);
        emit("meanwhile", Set.of());

        List<String> replayed = new ArrayList<>();
        recovery.admitRestored(
                new Fake("a", a.pid()), session, () -> true, packets -> packets.forEach(p -> replayed.add(p.text())));

        assertThat(replayed).containsExactly("2[\"meanwhile\",\"1\"]");
    }

    private Fake connect(String sid, String... rooms) {
        Fake socket = new Fake(sid, recovery.newPid());
        recovery.admit(socket, () -> {
            adapter.addAll(sid, Set.of(sid));
            adapter.addAll(sid, Set.of(rooms));
        });
        return socket;
    }

    private void close(Fake socket, String reason) {
        recovery.closed(socket, reason);
        adapter.delAll(socket.id());
    }

    private void emit(String event, Set<String> rooms) {
        recovery.broadcast(
                PreparedEvent.of("/", event, List.of()), new BroadcastOptions(rooms, Set.of(), BroadcastFlags.DEFAULT));
    }

    private RestoredSession restore(String pid, String offset) {
        return recovery.restore(pid, offset).toCompletableFuture().join();
    }

    private List<String> replay(RestoredSession session) {
        List<String> texts = new ArrayList<>();
        session.missed.forEach(m -> texts.add(m.packet().text()));
        return texts;
    }

    private final class Fake implements RecoverableSocket {
        private final String id;
        private final String pid;
        private final Map<String, Object> data = new ConcurrentHashMap<>();

        Fake(String id, String pid) {
            this.id = id;
            this.pid = pid;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String pid() {
            return pid;
        }

        @Override
        public Set<String> rooms() {
            return adapter.socketRooms(id);
        }

        @Override
        public Map<String, Object> data() {
            return data;
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }
    }

    private final class Sockets implements LocalSockets {
        @Override
        public String namespace() {
            return "/";
        }

        @Override
        public void deliver(String socketId, EncodedPacket packet, BroadcastFlags flags) {
            delivered.add(socketId + ":" + packet.text());
        }

        @Override
        public boolean deliverWithAck(
                String socketId,
                EncodedPacket packet,
                long ackId,
                Duration timeout,
                BroadcastFlags flags,
                Consumer<List<Object>> onAck) {
            return false;
        }

        @Override
        public long nextAckId() {
            return 0;
        }

        @Override
        public void disconnect(String socketId, boolean close) {}

        @Override
        public SocketSnapshot snapshot(String socketId) {
            return null;
        }

        @Override
        public void serverSideEvent(List<Object> data, Consumer<Object> ack) {}
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
