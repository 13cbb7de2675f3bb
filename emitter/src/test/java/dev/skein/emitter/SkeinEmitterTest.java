package dev.skein.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.wire.testing.CapturedVectors;
import dev.skein.wire.testing.CapturedVectors.Publish;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The emitter's channels and bytes against the captures of the official {@code @socket.io/redis-emitter}. */
class SkeinEmitterTest {
    private static final Map<String, List<Publish>> CAPTURES =
            CapturedVectors.scenarios("redis-adapter-8.3-default.txt");

    private final List<Publish> published = new ArrayList<>();
    private final SkeinEmitter emitter = SkeinEmitter.create(
            (channel, message) -> {
                published.add(new Publish("EMITTER", channel, message));
                return CompletableFuture.completedFuture(1L);
            },
            "socket.io");

    @Test
    void emitToAllMatchesTheOfficialEmitter() {
        emitter.emit("from-emitter", 1, Map.of("a", List.of(true)));

        assertSamePublishes("emitter.emit('from-emitter', 1, {a:[true]})");
    }

    @Test
    void emitToOneRoomUsesTheRoomChannel() {
        emitter.to("room1").emit("to-room");

        assertSamePublishes("emitter.to('room1').emit('to-room')");
    }

    @Test
    void namespaceRoomsExceptFlagsAndBinaryMatchTheOfficialEmitter() {
        emitter.of("/custom")
                .to("r1", "r2")
                .except("r3")
                .asVolatile()
                .compress(true)
                .emit("ev", (Object) new byte[] {9});

        assertSamePublishes(
                "emitter.of('/custom').to(['r1','r2']).except('r3').volatile.compress(true).emit('ev', Buffer<09>)");
    }

    @Test
    void roomOperationsAndServerSideEmitMatchTheOfficialEmitter() {
        emitter.socketsJoin("j");
        emitter.in("room1").socketsLeave("j");
        emitter.except("room1").disconnectSockets(false);
        emitter.serverSideEmit("hi", 1);

        assertSamePublishes("emitter.socketsJoin('j'); emitter.in('room1').socketsLeave(['j']); "
                + "emitter.except('room1').disconnectSockets(); emitter.serverSideEmit('hi', 1)");
    }

    @Test
    void reservedEventNamesAreRefusedBeforeAnythingIsPublished() {
        for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting")) {
            assertThatThrownBy(() -> emitter.to("r").emit(reserved))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("\"" + reserved + "\" is a reserved event name");
        }
        assertThatThrownBy(() -> emitter.serverSideEmit("disconnect")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emitter.of("chat")).hasMessageContaining("starting with /");
        assertThat(published).isEmpty();
    }

    @Test
    void selectorsLeaveTheEmitterTheyStartFromUnchanged() {
        SkeinEmitter base = emitter.of("/chat");
        base.to("a").except("b").asVolatile();

        base.emit("plain");

        assertThat(published).singleElement().satisfies(p -> assertThat(p.channel())
                .isEqualTo("socket.io#/chat#"));
        assertThat(new String(published.get(0).bytes(), StandardCharsets.ISO_8859_1))
                .doesNotContain("volatile");
    }

    @Test
    void aFailedPublishIsAnEmitterExceptionForTheBlockingFormAndAFailedStageForTheAsyncOne() {
        SkeinEmitter failing = SkeinEmitter.create(
                (channel, message) -> CompletableFuture.failedFuture(new IllegalStateException("Connection refused")),
                "socket.io");

        assertThatThrownBy(() -> failing.emit("tick"))
                .isInstanceOf(EmitterException.class)
                .hasMessage("emit tick did not reach Redis: Connection refused");
        assertThat(failing.emitAsync("tick").toCompletableFuture()).isCompletedExceptionally();
    }

    private void assertSamePublishes(String scenario) {
        List<Publish> captured = CAPTURES.get(scenario);
        assertThat(captured).as("captured scenario " + scenario).isNotNull().isNotEmpty();
        assertThat(published).hasSameSizeAs(captured);
        for (int i = 0; i < captured.size(); i++) {
            assertThat(captured.get(i).source()).isEqualTo("EMITTER");
            assertThat(published.get(i).channel()).isEqualTo(captured.get(i).channel());
            assertThat(HexFormat.of().formatHex(published.get(i).bytes()))
                    .as("publish %d of %s", i, scenario)
                    .isEqualTo(HexFormat.of().formatHex(captured.get(i).bytes()));
        }
    }
}
