package dev.skein.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every MessagePack message captured from the official adapter and emitter ({@code redis-vectors/},
 * copied from {@code shared/vectors/}) decodes to what the capture shows and re-encodes to the same
 * bytes.
 */
class MsgPackVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES =
            List.of("redis-adapter-8.3-default.txt", "redis-adapter-8.3-specific-response-channel.txt");

    record Vector(String file, String json, byte[] bytes) {
        @Override
        public String toString() {
            return file + ": " + json.substring(0, Math.min(60, json.length()));
        }
    }

    static Stream<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        for (String file : FILES) {
            String[] lines = read(file).split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                String line = lines[i].strip();
                String next = lines[i + 1].strip();
                if (line.startsWith("msgpack (") && next.startsWith("hex: ")) {
                    String json = line.substring(line.indexOf("): ") + 3);
                    vectors.add(new Vector(file, json, HexFormat.of().parseHex(next.substring(5))));
                }
            }
        }
        return vectors.stream();
    }

    @Test
    void theVectorFilesHoldEveryMessagePackKind() throws IOException {
        assertThat(vectors().count()).isGreaterThanOrEqualTo(16);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesToTheCapturedValueAndReencodesByteForByte(Vector vector) throws Exception {
        Object decoded = MsgPack.decode(vector.bytes());

        JsonNode expected = JSON.readTree(vector.json());
        JsonNode actual = JSON.valueToTree(jsonView(decoded));
        assertThat(actual.equals(MsgPackVectorsTest::sameNumber, expected))
                .as("decoded %s, captured %s", actual, expected)
                .isTrue();
        assertThat(HexFormat.of().formatHex(MsgPack.encode(decoded)))
                .isEqualTo(HexFormat.of().formatHex(vector.bytes()));
    }

    @Test
    void numbersFollowNotepack() {
        assertThat(hex(3.0)).isEqualTo("03");
        assertThat(hex(3.5)).isEqualTo("cb400c000000000000");
        assertThat(hex(0.1f)).startsWith("cb");
        assertThat(hex(200)).isEqualTo("ccc8");
        assertThat(hex(-1)).isEqualTo("ff");
        assertThat(hex(-33)).isEqualTo("d0df");
        assertThat(hex(70_000)).isEqualTo("ce00011170");
        assertThat(hex(5_000_000_000L)).isEqualTo("cf000000012a05f200");
        assertThat(hex(Double.NaN)).isEqualTo("cb7ff8000000000000");
    }

    @Test
    void stringsAndBinaryUseTheSmallestHeader() {
        assertThat(hex("a".repeat(31))).startsWith("bf");
        assertThat(hex("a".repeat(32))).startsWith("d920");
        assertThat(hex("a".repeat(256))).startsWith("da0100");
        assertThat(hex(new byte[] {1})).isEqualTo("c40101");
        assertThat(hex(List.of())).isEqualTo("90");
        assertThat(hex(Map.of())).isEqualTo("80");
    }

    @Test
    void decodesWhatOtherEncodersWrite() throws Exception {
        // float32 1.5, uint16 key map, ext 8 with one byte, array16
        assertThat(MsgPack.decode(HexFormat.of().parseHex("ca3fc00000"))).isEqualTo(1.5);
        assertThat(MsgPack.decode(HexFormat.of().parseHex("de0001a161cd0100"))).isEqualTo(Map.of("a", 256));
        assertThat((byte[]) MsgPack.decode(HexFormat.of().parseHex("d40107"))).containsExactly(7);
        assertThat(MsgPack.decode(HexFormat.of().parseHex("dc000201c0"))).isEqualTo(java.util.Arrays.asList(1, null));
    }

    @Test
    void malformedInputIsRefusedWithoutThrowingAnythingElse() {
        for (String hex : List.of("", "c1", "92a161", "d9ff61", "a2610000", "dbffffffff")) {
            assertThatThrownBy(() -> MsgPack.decode(HexFormat.of().parseHex(hex)))
                    .as(hex)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    /** byte[] shows as {"Buffer": [...]} in the captures. */
    private static Object jsonView(Object value) {
        if (value instanceof byte[] bytes) {
            List<Integer> ints = new ArrayList<>();
            for (byte b : bytes) {
                ints.add(b & 0xff);
            }
            return Map.of("Buffer", ints);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MsgPackVectorsTest::jsonView).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> view = new LinkedHashMap<>();
            map.forEach((k, v) -> view.put(k, jsonView(v)));
            return view;
        }
        return value;
    }

    private static int sameNumber(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    private static String hex(Object value) {
        return HexFormat.of().formatHex(MsgPack.encode(value));
    }

    private static String read(String file) throws IOException {
        try (InputStream in = MsgPackVectorsTest.class.getResourceAsStream("/redis-vectors/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
