package dev.skein.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact per-socket structures: packed handshake maps, the event table, listener lists. */
class CompactStructuresTest {
    @Test
    void aPackedMultiMapGivesBackEveryNameAndValueInOrder() {
        Map<String, List<String>> original = new LinkedHashMap<>();
        original.put("host", List.of("127.0.0.1:3000"));
        original.put("cookie", List.of("a=1", "b=2"));
        original.put("x-long", List.of("v".repeat(40_000)));
        original.put("x-unicode", List.of("ünï€😀", ""));
        original.put("", List.of("empty name"));

        Map<String, List<String>> packed = PackedMultiMap.of(original);

        assertThat(packed).isEqualTo(original);
        assertThat(new ArrayList<>(packed.keySet())).containsExactlyElementsOf(original.keySet());
        assertThat(packed.get("cookie")).containsExactly("a=1", "b=2");
        assertThat(packed.get("x-long").get(0)).hasSize(40_000);
        assertThat(packed.get("x-unicode")).containsExactly("ünï€😀", "");
        assertThat(packed.get("missing")).isNull();
        assertThat(packed.get("hos")).isNull();
        assertThat(packed.containsKey("host")).isTrue();
        assertThat(PackedMultiMap.of(Map.of())).isEmpty();
    }

    @Test
    void aHandshakeAnswersHeadersAndQueryFromItsPackedForm() {
        Handshake handshake = new Handshake(
                Map.of("user-agent", List.of("test")),
                Map.of("EIO", List.of("4"), "transport", List.of("websocket")),
                "127.0.0.1:5000",
                java.time.Instant.EPOCH,
                false,
                "/socket.io/?EIO=4&transport=websocket",
                Map.of("token", "t"));

        assertThat(handshake.header("User-Agent")).isEqualTo("test");
        assertThat(handshake.queryParam("transport")).isEqualTo("websocket");
        assertThat(handshake.queryParam("sid")).isNull();
        assertThat(handshake.withAuth(Map.of()).headers()).isSameAs(handshake.headers());
    }

    @Test
    void theEventTableKeepsEachEventsHandlersInRegistrationOrder() throws Exception {
        List<String> calls = new ArrayList<>();
        EventHandler first = (args, ack) -> calls.add("first");
        EventHandler second = (args, ack) -> calls.add("second");
        EventHandler other = (args, ack) -> calls.add("other");

        EventHandlers table =
                EventHandlers.NONE.with("message", first).with("other", other).with("message", second);

        for (EventHandler handler : table.of("message")) {
            handler.onEvent(null, Ack.NONE);
        }
        assertThat(calls).containsExactly("first", "second");
        assertThat(table.of("other")).containsExactly(other);
        assertThat(table.of("none")).isEmpty();
        assertThat(EventHandlers.NONE.of("message")).isEmpty();
    }

    @Test
    void listenersAreCopiedOnAdditionAndTheEmptyOneIsShared() {
        Listeners<String> none = Listeners.none();
        Listeners<String> one = none.with("a");
        Listeners<String> two = one.with("b");

        assertThat(none).isEmpty();
        assertThat(Listeners.<Integer>none()).isSameAs(none);
        assertThat(one).containsExactly("a");
        assertThat(two).containsExactly("a", "b");
        assertThat(two.size()).isEqualTo(2);
    }
}
