package dev.skein.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder's limits and strict checks, each at its boundary: what passes at the limit, what one step
 * beyond is refused with, and the reason it is counted under.
 */
class DecoderLimitsTest {
    private final SocketIoDecoder decoder = new SocketIoDecoder();

    @Test
    void jsonNestedToTheDepthLimitPassesAndOneLevelDeeperIsRefused() throws Exception {
        // the event's own array is one level
        assertThat(decoder.decodeText(nested(DecoderLimits.DEFAULT_MAX_JSON_DEPTH - 1)))
                .isPresent();
        assertRefused(nested(DecoderLimits.DEFAULT_MAX_JSON_DEPTH), "json depth");
        assertRefused("2[\"e\"," + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "]", "json depth");
    }

    @Test
    void depthIsConfigurable() throws Exception {
        SocketIoDecoder shallow = new SocketIoDecoder(new DecoderLimits(2, 10, 1000));
        assertThat(shallow.decodeText("2[\"e\",[1]]")).isPresent();
        assertThatThrownBy(() -> shallow.decodeText("2[\"e\",[[1]]]"))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason())
                .isEqualTo("json depth");
    }

    @Test
    void integersLongerThanAHundredDigitsAreRefused() throws Exception {
        String hundred = "9".repeat(DecoderLimits.MAX_NUMBER_LENGTH);
        assertThat(decoder.decodeText("2[\"e\"," + hundred + "]").orElseThrow().eventArgs())
                .singleElement()
                .hasToString(hundred);
        assertRefused("2[\"e\"," + hundred + "9]", "json number length");
        // Jackson counts a fraction's digits apart from the integer part's
        assertRefused("2[\"e\",0." + "1".repeat(DecoderLimits.MAX_NUMBER_LENGTH + 1) + "]", "json number length");
        // a short number with a huge exponent is a double (Infinity), as JSON.parse makes it, not a BigDecimal
        assertThat(decoder.decodeText("2[\"e\",1e999999999]").orElseThrow().eventArgs())
                .containsExactly(Double.POSITIVE_INFINITY);
    }

    @Test
    void stringsLongerThanTheLimitAreRefused() throws Exception {
        SocketIoDecoder small = new SocketIoDecoder(new DecoderLimits(32, 10, 10));
        assertThat(small.decodeText("2[\"e\",\"0123456789\"]")).isPresent();
        assertThatThrownBy(() -> small.decodeText("2[\"e\",\"0123456789a\"]"))
                .extracting(e -> ((ProtocolException) e).reason())
                .isEqualTo("json string length");
    }

    @Test
    void tenAttachmentsAreTakenAndElevenRefusedBeforeAnyIsBuffered() throws Exception {
        assertThat(decoder.decodeText(binaryEvent(10))).isEmpty();
        for (int i = 0; i < 9; i++) {
            assertThat(decoder.decodeBinary(new byte[] {(byte) i})).isEmpty();
        }
        assertThat(decoder.decodeBinary(new byte[] {9}).orElseThrow().eventArgs())
                .hasSize(10);
        assertRefused(binaryEvent(11), "attachments");
        assertRefused("59999-[\"e\"]", "attachments");
    }

    @Test
    void aBinaryPacketWithoutAttachmentsIsDeliveredAtOnce() throws Exception {
        assertThat(decoder.decodeText("50-[\"e\",1]").orElseThrow().eventArgs()).containsExactly(1);
        assertThat(decoder.awaitingAttachments()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // a placeholder for an attachment that does not exist
                "51-[\"e\",{\"_placeholder\":true,\"num\":1}]",
                "51-[\"e\",{\"_placeholder\":true,\"num\":-1}]",
                "51-[\"e\",{\"_placeholder\":true,\"num\":\"0\"}]",
                "51-[\"e\",{\"_placeholder\":true,\"num\":0.0}]",
                "51-[\"e\",{\"_placeholder\":true,\"num\":\"toString\"}]",
                "51-[\"e\",{\"_placeholder\":true}]",
                // the same attachment twice, and then one attachment that no placeholder names
                "52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
                "52-[\"e\",{\"_placeholder\":true,\"num\":0}]",
            })
    void placeholdersMustNameEachAttachmentExactlyOnce(String header) throws Exception {
        assertThat(decoder.decodeText(header)).isEmpty();
        int announced = header.charAt(1) - '0';
        for (int i = 0; i < announced - 1; i++) {
            decoder.decodeBinary(new byte[] {1});
        }
        assertThatThrownBy(() -> decoder.decodeBinary(new byte[] {2}))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason())
                .isEqualTo("placeholder");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2[\"e\",{\"_placeholder\":true,\"num\":0}]",
                "2[\"e\",[{\"x\":{\"_placeholder\":true,\"num\":0}}]]",
                "31[{\"_placeholder\":true,\"num\":0}]",
                "0{\"token\":{\"_placeholder\":true,\"num\":0}}",
                // the key written with a JSON escape is still the key
                "2[\"e\",{\"\\u005fplaceholder\":true,\"num\":0}]",
                "50-[\"e\",{\"_placeholder\":true,\"num\":0}]",
            })
    void placeholdersInPacketsWithoutAttachmentsAreRefused(String text) {
        assertRefused(text, "placeholder");
    }

    @Test
    void aPlaceholderKeyWhoseValueIsNotTrueIsPlainData() throws Exception {
        assertThat(decoder.decodeText("2[\"e\",{\"_placeholder\":\"true\",\"num\":0}]")
                        .orElseThrow()
                        .eventArgs())
                .containsExactly(Map.of("_placeholder", "true", "num", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
    void reservedEventNamesAreRefusedAsTheOfficialParserDoes(String name) {
        assertRefused("2[\"" + name + "\",1]", "reserved event");
        assertRefused("51-[\"" + name + "\",{\"_placeholder\":true,\"num\":0}]", "reserved event");
    }

    @Test
    void errorIsAnOrdinaryEventName() throws Exception {
        assertThat(decoder.decodeText("2[\"error\",1]").orElseThrow().eventName())
                .isEqualTo("error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2[1]", "2[{}]", "2[null]", "2[[]]", "2[]", "2[true]"})
    void eventNamesThatAreNotStringsAreMalformed(String text) {
        assertRefused(text, ProtocolException.MALFORMED);
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new DecoderLimits(0, 10, 1)).hasMessageContaining("maxJsonDepth : 0");
        assertThatThrownBy(() -> new DecoderLimits(32, -1, 1)).hasMessageContaining("maxAttachments : -1");
        assertThatThrownBy(() -> new DecoderLimits(32, 10, 0)).hasMessageContaining("maxStringLength : 0");
    }

    private static String nested(int levels) {
        return "2[\"e\"," + "[".repeat(levels) + "]".repeat(levels) + "]";
    }

    private static String binaryEvent(int attachments) {
        StringBuilder text = new StringBuilder("5").append(attachments).append("-[\"e\"");
        for (int i = 0; i < attachments; i++) {
            text.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
        }
        return text.append(']').toString();
    }

    private void assertRefused(String text, String reason) {
        assertThatThrownBy(() -> new SocketIoDecoder().decodeText(text))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason())
                .isEqualTo(reason);
    }
}
