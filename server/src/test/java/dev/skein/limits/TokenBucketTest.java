package dev.skein.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void aFullBucketGivesItsBurstAtOnceThenNothing() {
        TokenBucket bucket = new TokenBucket(10, 3);
        long now = 5_000 * MS;
        long state = bucket.full(now);

        for (int i = 0; i < 3; i++) {
            state = bucket.take(state, now);
            assertThat(state).as("token %d", i).isNotEqualTo(TokenBucket.REFUSED);
        }

        assertThat(bucket.take(state, now)).isEqualTo(TokenBucket.REFUSED);
    }

    @Test
    void tokensComeBackAtTheRateAndNoFasterThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 3);
        long now = 0;
        long state = bucket.full(now);
        for (int i = 0; i < 3; i++) {
            state = bucket.take(state, now);
        }

        assertThat(bucket.take(state, now + 99 * MS)).isEqualTo(TokenBucket.REFUSED);
        long afterOne = bucket.take(state, now + 100 * MS);
        assertThat(afterOne).isNotEqualTo(TokenBucket.REFUSED);
        assertThat(bucket.take(afterOne, now + 100 * MS)).isEqualTo(TokenBucket.REFUSED);

        // an hour idle refills the bucket to its burst, not to an hour's worth of tokens
        long later = now + 3_600_000 * MS;
        long idle = afterOne;
        int taken = 0;
        while ((idle = bucket.take(idle, later)) != TokenBucket.REFUSED) {
            state = idle;
            taken++;
        }
        assertThat(taken).isEqualTo(3);
        assertThat(bucket.isFull(state, later)).isFalse();
        assertThat(bucket.isFull(state, later + 300 * MS)).isTrue();
    }

    @Test
    void aClockThatWrapsAroundKeepsCounting() {
        TokenBucket bucket = new TokenBucket(1, 2);
        long now = Long.MAX_VALUE - 500 * MS;
        long state = bucket.take(bucket.take(bucket.full(now), now), now);

        assertThat(bucket.take(state, now)).isEqualTo(TokenBucket.REFUSED);
        // one second later the clock has wrapped to negative values
        assertThat(bucket.take(state, now + 1_000 * MS)).isNotEqualTo(TokenBucket.REFUSED);
    }

    @Test
    void rejectsRatesAndBurstsBelowOne() {
        assertThatThrownBy(() -> new TokenBucket(0, 5)).hasMessageContaining("perSecond : 0");
        assertThatThrownBy(() -> new TokenBucket(5, 0)).hasMessageContaining("burst : 0");
    }
}
