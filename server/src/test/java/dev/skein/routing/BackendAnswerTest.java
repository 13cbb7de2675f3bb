package dev.skein.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendAnswerTest {
    @Test
    void everyKeyIsOptional() {
        BackendAnswer answer = parse("{}");

        assertThat(answer.ack()).isEmpty();
        assertThat(answer.join()).isEmpty();
        assertThat(answer.emits()).isEmpty();
        assertThat(parse("").ack()).isEmpty();
    }

    @Test
    void theContractsAnswerReads() {
        BackendAnswer answer = parse("""
                {"ack": [1, {"ok": true}], "join": ["a"], "leave": ["b"],
                 "emit": [{"rooms": ["a"], "event": "news", "args": ["hi"]}, {"event": "all"}]}
                """);

        assertThat(answer.ack()).hasSize(2);
        assertThat(answer.join()).containsExactly("a");
        assertThat(answer.leave()).containsExactly("b");
        assertThat(answer.emits())
                .containsExactly(
                        new BackendAnswer.Emit(List.of("a"), "news", List.of("hi")),
                        new BackendAnswer.Emit(List.of(), "all", List.of()));
    }

    @Test
    void anythingElseIsABadAnswer() {
        for (String body : List.of(
                "[1]",
                "not json",
                "{\"ack\": 1}",
                "{\"join\": [1]}",
                "{\"join\": [\"\"]}",
                "{\"emit\": [{\"rooms\": [\"a\"]}]}",
                "{\"emit\": {}}",
                "{} {}",
                "[".repeat(100) + "]".repeat(100))) {
            assertThatThrownBy(() -> parse(body))
                    .as(body)
                    .isInstanceOf(RouteFailure.class)
                    .hasMessage(RouteFailure.BAD_ANSWER);
        }
    }

    private static BackendAnswer parse(String body) {
        return BackendAnswer.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
