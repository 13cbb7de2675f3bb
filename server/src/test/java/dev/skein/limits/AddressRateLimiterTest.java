package dev.skein.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.limits.AddressRateLimiter.Outcome;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AddressRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void eachAddressHasItsOwnBucket() throws Exception {
        AddressRateLimiter limiter = new AddressRateLimiter(new TokenBucket(1, 2), 10_000, 0);
        InetAddress a = address(1);
        InetAddress b = address(2);

        assertThat(limiter.take(a, 0)).isEqualTo(Outcome.TAKEN);
        assertThat(limiter.take(a, 0)).isEqualTo(Outcome.TAKEN);
        assertThat(limiter.take(a, 0)).isEqualTo(Outcome.REFUSED);
        assertThat(limiter.take(b, 0)).isEqualTo(Outcome.TAKEN);
        assertThat(limiter.take(a, 1_000 * MS)).isEqualTo(Outcome.TAKEN);
        assertThat(limiter.addresses()).isEqualTo(2);
    }

    @Test
    void bucketsThatAreFullAgainAreSweptOnceTheTableIsLarge() throws Exception {
        AddressRateLimiter limiter = new AddressRateLimiter(new TokenBucket(10, 5), 10_000, 0);
        for (int i = 0; i < AddressRateLimiter.SWEEP_FROM; i++) {
            limiter.take(address(i), 0);
        }
        assertThat(limiter.addresses()).isEqualTo(AddressRateLimiter.SWEEP_FROM);

        // two seconds later every bucket is full again: the next new address sweeps them out
        assertThat(limiter.take(address(1_000_000), 2_000 * MS)).isEqualTo(Outcome.TAKEN);

        assertThat(limiter.addresses()).isEqualTo(1);
    }

    @Test
    void aFullTableOfLiveBucketsLetsNewAddressesThroughUntrackedWithoutGrowing() throws Exception {
        int max = AddressRateLimiter.SWEEP_FROM;
        AddressRateLimiter limiter = new AddressRateLimiter(new TokenBucket(1, 5), max, 0);
        for (int i = 0; i < max; i++) {
            limiter.take(address(i), 0);
            limiter.take(address(i), 0);
        }

        // a second later every bucket has one token of two back: none is full, none can be swept
        assertThat(limiter.take(address(1_000_000), 1_000 * MS)).isEqualTo(Outcome.UNTRACKED);
        assertThat(limiter.take(address(1_000_001), 1_001 * MS)).isEqualTo(Outcome.UNTRACKED);
        assertThat(limiter.addresses()).isEqualTo(max);
        // a known address keeps its bucket
        assertThat(limiter.take(address(7), 1_001 * MS)).isEqualTo(Outcome.TAKEN);
    }

    @Test
    void threadsTakingFromOneAddressAtOnceGetExactlyTheBurst() throws Exception {
        int burst = 500;
        AddressRateLimiter limiter = new AddressRateLimiter(new TokenBucket(1, burst), 10_000, 0);
        InetAddress shared = address(9);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> takers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                takers.add(() -> {
                    int taken = 0;
                    for (int i = 0; i < 1_000; i++) {
                        // the clock stands still: no token comes back
                        if (limiter.take(shared, 0) == Outcome.TAKEN) {
                            taken++;
                        }
                    }
                    return taken;
                });
            }
            int total = 0;
            for (Future<Integer> taken : pool.invokeAll(takers)) {
                total += taken.get();
            }
            assertThat(total).isEqualTo(burst);
        } finally {
            pool.shutdownNow();
        }
    }

    static InetAddress address(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }
}
