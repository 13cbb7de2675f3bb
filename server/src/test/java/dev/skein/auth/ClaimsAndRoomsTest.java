package dev.skein.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The typed claims, the room patterns of the claim authorizer, and the bounded reason tags. */
class ClaimsAndRoomsTest {
    @Test
    void claimsReadTheirStandardAndOwnValuesTyped() {
        Claims claims = Claims.of(
                Map.of("sub", "alice", "exp", 1_900_000_000L, "rooms", List.of("a", 3, "b"), "role", "admin", "n", 7));

        assertThat(claims.subject()).hasValue("alice");
        assertThat(claims.expiresAt()).hasValue(Instant.ofEpochSecond(1_900_000_000L));
        assertThat(claims.strings("rooms")).containsExactly("a", "b");
        assertThat(claims.strings("role")).containsExactly("admin");
        assertThat(claims.strings("n")).isEmpty();
        assertThat(claims.strings("missing")).isEmpty();
        assertThat(claims.string("n")).isEmpty();
        assertThat(claims.get("n")).isEqualTo(7);
        assertThat(Claims.none().subject()).isEmpty();
        assertThat(Claims.none().expiresAt()).isEmpty();
        assertThat(claims.toString()).doesNotContain("admin");
    }

    @ParameterizedTest
    @CsvSource({
        "orders-*,orders-1,true",
        "orders-*,orders-,true",
        "orders-*,order-1,false",
        "orders-*,xorders-1,false",
        "*,anything,true",
        "lobby,lobby,true",
        "lobby,lobby2,false",
        "*-eu-*,orders-eu-7,true",
        "*-eu-*,orders-us-7,false",
        "a*b*c,abc,true",
        "a*b*c,aXXbYYc,true",
        "a*b*c,aXXbYY,false",
        "**,x,true"
    })
    void roomPatternsMatchWholeNamesWithStarsForAnyCharacters(String pattern, String room, boolean matches) {
        assertThat(ClaimRoomAuthorizer.matches(pattern, room)).isEqualTo(matches);
    }

    @Test
    void aPathologicalPatternDoesNotBacktrackExponentially() {
        String room = "a".repeat(5_000);
        String pattern = "a*".repeat(200) + "b";

        assertThat(ClaimRoomAuthorizer.matches(pattern, room)).isFalse();
        assertThat(ClaimRoomAuthorizer.matches(pattern.replace("b", ""), room)).isTrue();
    }

    @Test
    void reasonTagsAreBoundedSoThatNoAuthenticatorCanExplodeTheMetrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuthMetrics metrics = new AuthMetrics(registry);

        for (int i = 0; i < 100; i++) {
            metrics.rejected("reason " + i);
        }

        assertThat(registry.find("skein.auth.rejected").counters()).hasSize(AuthMetrics.MAX_REASONS + 1);
        assertThat(registry.get("skein.auth.rejected")
                        .tag("reason", AuthMetrics.OTHER)
                        .counter()
                        .count())
                .isEqualTo(100 - AuthMetrics.MAX_REASONS);
        assertThat(Arrays.asList("reason 0", "reason 31"))
                .allSatisfy(reason -> assertThat(registry.get("skein.auth.rejected")
                                .tag("reason", reason)
                                .counter()
                                .count())
                        .isEqualTo(1));
    }
}
