package dev.skein.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LatencyMarkerTest {
    @Test
    void aMarkerIsFoundInAnEventAsTheServerSendsItBack() {
        String marker = LatencyMarker.now(40);
        long stamped = Long.parseLong(marker.substring(2, marker.indexOf('~', 2)));
        ByteBuf frame = text("42[\"my_response\",{\"data\":\"" + marker + "\",\"count\":3,\"node\":\"n~1\"}]");

        assertThat(LatencyMarker.find(frame)).isEqualTo(stamped);
        assertThat(frame.readerIndex()).isZero();
        assertThat(marker).hasSize(40).endsWith("x");
    }

    @Test
    void tildesThatAreNotMarkersAreSkipped() {
        assertThat(LatencyMarker.find(text("42[\"a~b\",\"~T\",\"~T12\",\"~T34~\"]")))
                .isEqualTo(34);
        assertThat(LatencyMarker.find(text("42[\"my_response\",{\"data\":\"Connected\"}]")))
                .isEqualTo(LatencyMarker.NONE);
        assertThat(LatencyMarker.find(text("~T"))).isEqualTo(LatencyMarker.NONE);
        assertThat(LatencyMarker.find(text("~T~"))).isEqualTo(LatencyMarker.NONE);
    }

    @Test
    void onlyTheReadableBytesAreScanned() {
        ByteBuf frame = text("~T11~ then ~T22~");
        frame.readerIndex(6);

        assertThat(LatencyMarker.find(frame)).isEqualTo(22);
    }

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
