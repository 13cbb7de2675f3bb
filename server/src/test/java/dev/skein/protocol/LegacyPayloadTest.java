package dev.skein.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Engine.IO v3 payload lengths. Found by {@link EnginePayloadFuzzTest} (input {@code crash-negative-length}): a
 * length with a sign ({@code -6:...}) passed {@code Integer.parseInt} and cut the payload backwards, a
 * {@code StringIndexOutOfBoundsException} instead of a protocol error, which left the client's POST unanswered.
 */
class LegacyPayloadTest {
    @ParameterizedTest
    @ValueSource(strings = {"-6:<:", "+2:40", "-0:x", " 2:40", "2 :40"})
    void aLengthThatIsNotDigitsOnlyIsMalformed(String payload) {
        assertThatThrownBy(() -> LegacyPayload.decode(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("invalid payload length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2:40", "7:42[\"a\"]2:40"})
    void digitLengthsStillRead(String payload) throws Exception {
        assertThat(LegacyPayload.decode(payload.getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();
    }
}
