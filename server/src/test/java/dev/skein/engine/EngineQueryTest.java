package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Engine.IO query as the official server reads it. */
class EngineQueryTest {
    @Test
    void readsVersionTransportAndSession() {
        EngineQuery query = EngineQuery.parse("/socket.io/?EIO=4&transport=polling&sid=abc&t=x");

        assertThat(query.version()).isEqualTo("4");
        assertThat(query.transport()).isEqualTo("polling");
        assertThat(query.sid()).isEqualTo("abc");
        assertThat(query.parameters()).containsEntry("t", List.of("x"));
    }

    @Test
    void aKeyGivenTwiceReadsAsItsValuesJoinedSoThatNothingMatchesIt() {
        EngineQuery query =
                EngineQuery.parse("/socket.io/?EIO=4&EIO=4&transport=polling&transport=websocket&sid=a&sid=b");

        assertThat(query.version()).isEqualTo("4,4");
        assertThat(query.transport()).isEqualTo("polling,websocket");
        assertThat(query.sid())
                .as("never null: a repeated sid is not a handshake")
                .isEqualTo("a,b");
    }

    @Test
    void anEscapeThatIsCutShortOrNotHexadecimalIsUnreadable() {
        assertThat(EngineQuery.parse("/socket.io/?EIO=4&transport=polling&x=%zz"))
                .isNull();
        assertThat(EngineQuery.parse("/socket.io/?EIO=4&transport=polling&x=%4"))
                .isNull();
    }

    @Test
    void aSemicolonIsAnOrdinaryCharacter() {
        EngineQuery query = EngineQuery.parse("/socket.io/?EIO=4;transport=websocket");

        assertThat(query.version()).isEqualTo("4;transport=websocket");
        assertThat(query.transport()).isNull();
    }

    @Test
    void prototypeNamesAreOrdinaryValues() {
        EngineQuery query = EngineQuery.parse("/socket.io/?EIO=__proto__&transport=constructor&sid=__proto__");

        assertThat(query.version()).isEqualTo("__proto__");
        assertThat(query.transport()).isEqualTo("constructor");
    }
}
