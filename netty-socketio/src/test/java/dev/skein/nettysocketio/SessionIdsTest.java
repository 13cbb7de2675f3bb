package dev.skein.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.internal.Ids;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
    @Test
    void socketIdsAndSessionIdsConvertBothWays() {
        for (int i = 0; i < 10_000; i++) {
            String socketId = Ids.socketId();
            UUID sessionId = SessionIds.of(socketId);
            assertThat(sessionId.version()).isEqualTo(4);
            assertThat(sessionId.variant()).isEqualTo(2);
            assertThat(SessionIds.socketId(sessionId)).isEqualTo(socketId);
        }
    }

    @Test
    void distinctSocketIdsGiveDistinctSessionIds() {
        assertThat(SessionIds.of("AAAAAAAAAAAAAAAAAAAA")).isNotEqualTo(SessionIds.of("AAAAAAAAAAAAAAAAAAAB"));
        assertThat(SessionIds.of("_____________________".substring(1)))
                .isNotEqualTo(SessionIds.of("-___________________"));
    }

    @Test
    void anIdOfAnotherShapeGetsAStableOneWaySessionId() {
        assertThat(SessionIds.of("not-a-skein-id")).isEqualTo(SessionIds.of("not-a-skein-id"));
        assertThat(SessionIds.socketId(SessionIds.of("not-a-skein-id"))).isNull();
    }

    @Test
    void aRandomUuidIsNoSocketIdMostOfTheTime() {
        int found = 0;
        for (int i = 0; i < 1_000; i++) {
            if (SessionIds.socketId(UUID.randomUUID()) != null) {
                found++;
            }
        }
        // one in four random UUIDs carries the marker bits; such an id names no socket of this node
        assertThat(found).isBetween(150, 350);
    }
}
