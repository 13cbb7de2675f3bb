package dev.skein.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Engine.IO / Socket.IO client logic every transport shares, fed packet by packet. */
class SessionTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final List<String> heard = new ArrayList<>();
    private final RecordingSession session = new RecordingSession(new SessionListener() {
        @Override
        public void onConnected(Session s) {
            heard.add("connected");
        }

        @Override
        public void onEvent(Session s, ByteBuf packet, long sentNanos) {
            heard.add("event " + (packet == null ? "binary" : packet.toString(StandardCharsets.UTF_8)) + " @"
                    + sentNanos);
        }

        @Override
        public void onAck(Session s, int ackId, ByteBuf packet) {
            heard.add("ack " + ackId);
        }

        @Override
        public void onClosed(Session s, String reason) {
            heard.add("closed " + reason);
        }
    });

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully();
    }

    @Test
    void theOpenPacketGivesTheSidAndConnectsToTheMainNamespace() {
        session.receive("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000}");
        session.receive("40{\"sid\":\"socket-1\"}");

        assertThat(session.sid()).isEqualTo("abc");
        assertThat(session.sent).containsExactly("40");
        assertThat(heard).containsExactly("connected");
        assertThat(session.isConnected()).isTrue();
    }

    @Test
    void aPingIsAnsweredWithAPong() {
        session.receive("2");

        assertThat(session.sent).containsExactly("3");
    }

    @Test
    void eventsCarryTheirStampAndAcksTheirId() {
        int first = session.emitWithAck("join", "{\"room\":\"r\"}");
        int second = session.emitWithAck("join", "{\"room\":\"s\"}");
        session.receive("42[\"my_response\",{\"data\":\"~T123~\"}]");
        session.receive("431[{\"count\":1}]");

        assertThat(first).isZero();
        assertThat(second).isEqualTo(1);
        assertThat(session.sent).containsExactly("420[\"join\",{\"room\":\"r\"}]", "421[\"join\",{\"room\":\"s\"}]");
        assertThat(heard).containsExactly("event 42[\"my_response\",{\"data\":\"~T123~\"}] @123", "ack 1");
    }

    @Test
    void aBinaryEventIsHeardOnceAllItsAttachmentsArrived() {
        session.receive(
                "452-[\"my_response\",{\"a\":{\"_placeholder\":true,\"num\":0},\"b\":{\"_placeholder\":true,\"num\":1}}]");
        session.receiveBinary("no stamp here");
        assertThat(heard).isEmpty();
        session.receiveBinary("~T77~xxxx");

        assertThat(heard).containsExactly("event binary @77");
    }

    @Test
    void aConnectErrorOrAServerCloseEndsTheSessionOnce() {
        session.receive("44{\"message\":\"not authorized\"}");
        session.receive("1");

        assertThat(heard).containsExactly("closed connect_error 44{\"message\":\"not authorized\"}");
        assertThat(session.isClosed()).isTrue();
    }

    private final class RecordingSession extends Session {
        final List<String> sent = new ArrayList<>();

        RecordingSession(SessionListener listener) {
            super(listener, loop.next(), null);
        }

        void receive(String packet) {
            onTextPacket(Unpooled.copiedBuffer(packet, StandardCharsets.UTF_8));
        }

        void receiveBinary(String data) {
            onBinaryPacket(Unpooled.copiedBuffer(data, StandardCharsets.UTF_8));
        }

        @Override
        public void write(String enginePacket) {
            sent.add(enginePacket);
        }

        @Override
        public void writeAttachment(byte[] data) {
            sent.add("binary " + data.length);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
