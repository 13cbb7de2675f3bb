package dev.skein.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.protocol.PreparedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;

/** The pure pieces: the room rule, the stream's entries and offsets, session records, observed data. */
class RecoveryUnitsTest {
    @Test
    void aPacketSelectsBySocketRoomsLikeTheOfficialAdapter() {
        assertThat(RoomFilter.selects(Set.of(), Set.of(), Set.of("s1"))).isTrue();
        assertThat(RoomFilter.selects(Set.of("a"), Set.of(), Set.of("s1", "a"))).isTrue();
        assertThat(RoomFilter.selects(Set.of("a"), Set.of(), Set.of("s1", "b"))).isFalse();
        assertThat(RoomFilter.selects(Set.of("a"), Set.of("muted"), Set.of("s1", "a", "muted")))
                .isFalse();
        assertThat(RoomFilter.selects(Set.of(), Set.of("s1"), Set.of("s1"))).isFalse();
    }

    @Test
    void aStreamEntryReadsBackAsWritten() throws IOException {
        PreparedEvent event = PreparedEvent.of("/chat", "say", List.of("hi", new byte[] {7}));
        BroadcastOptions options =
                new BroadcastOptions(Set.of("r1", "r2"), Set.of("x"), new BroadcastFlags(false, false));

        StreamEntry entry =
                StreamEntry.parse("/chat", new StreamMessageId(5, 1), StreamEntry.fields("uid~r", 7, event, options));

        assertThat(entry.isEvent()).isTrue();
        assertThat(entry.uid()).isEqualTo("uid~r");
        assertThat(entry.sequence()).isEqualTo(7);
        assertThat(entry.offset()).isEqualTo("5-1");
        assertThat(entry.options()).isEqualTo(options);
        assertThat(entry.event().withOffset("5-1").text())
                .isEqualTo(event.withOffset("5-1").text());
        assertThat(entry.event().withOffset("5-1").attachments().get(0)).containsExactly(7);
        assertThat(StreamEntry.parse("/chat", new StreamMessageId(1, 0), StreamEntry.marker("u"))
                        .isEvent())
                .isFalse();
    }

    @Test
    void offsetsAreStreamIdsInRedisOrder() {
        assertThat(StreamEntry.parseOffset("1700000000000-12")).isEqualTo(new StreamMessageId(1700000000000L, 12));
        for (String bad : new String[] {"", "12", "-1-2", "1-2-3", "a-1", "1-", "99999999999999999999-0", "?"}) {
            assertThat(StreamEntry.parseOffset(bad)).as(bad).isNull();
        }
        assertThat(StreamEntry.compare(new StreamMessageId(2, 0), new StreamMessageId(1, 9)))
                .isPositive();
        assertThat(StreamEntry.compare(new StreamMessageId(2, 1), new StreamMessageId(2, 2)))
                .isNegative();
        assertThat(StreamEntry.next(new StreamMessageId(3, 4))).isEqualTo(new StreamMessageId(3, 5));
    }

    @Test
    void aSessionRecordReadsBackAndDataThatIsNotJsonIsLeftOut() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", "ada");
        data.put("count", new AtomicInteger(3));
        SessionRecord record = new SessionRecord("sid", Set.of("sid", "room"), data, "5-0", true, 42);

        SessionRecord read = SessionRecord.decode(record.encode(SessionRecord.isJson(data)));

        assertThat(read.sid()).isEqualTo("sid");
        assertThat(read.rooms()).containsExactlyInAnyOrder("sid", "room");
        assertThat(read.data()).containsEntry("user", "ada").containsEntry("count", 3);
        assertThat(read.since()).isEqualTo("5-0");
        assertThat(read.connected()).isTrue();
        assertThat(read.atMillis()).isEqualTo(42);

        Map<String, Object> opaque = Map.of("thing", new Object());
        assertThat(SessionRecord.isJson(opaque)).isFalse();
        assertThat(SessionRecord.decode(new SessionRecord("s", Set.of(), opaque, "1-0", false, 1).encode(false))
                        .data())
                .isEmpty();
    }

    @Test
    void observedDataTellsEachChange() {
        List<String> changes = new ArrayList<>();
        ObservedData data = new ObservedData(Map.of("kept", 1), () -> changes.add("changed"));

        assertThat(data).containsEntry("kept", 1);
        data.put("a", 1);
        data.putIfAbsent("a", 2);
        data.remove("missing");
        data.computeIfAbsent("b", k -> 2);
        data.merge("a", 5, (x, y) -> y);
        data.remove("b");
        data.clear();

        assertThat(changes).hasSize(5);
    }
}
