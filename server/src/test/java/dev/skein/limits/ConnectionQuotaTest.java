package dev.skein.limits;

import static dev.skein.limits.AddressRateLimiterTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConnectionQuotaTest {
    @Test
    void anAddressHoldsAtMostMaxAndGetsItsPlaceBackOnRelease() throws Exception {
        ConnectionQuota quota = new ConnectionQuota(2);
        InetAddress a = address(1);

        assertThat(quota.acquire(a)).isTrue();
        assertThat(quota.acquire(a)).isTrue();
        assertThat(quota.acquire(a)).isFalse();
        assertThat(quota.acquire(address(2))).isTrue();
        assertThat(quota.count(a)).isEqualTo(2);

        quota.release(a);
        assertThat(quota.acquire(a)).isTrue();
    }

    @Test
    void anAddressWithoutConnectionsLeavesTheTable() throws Exception {
        ConnectionQuota quota = new ConnectionQuota(5);
        InetAddress a = address(1);
        quota.acquire(a);
        quota.acquire(a);

        quota.release(a);
        quota.release(a);
        // a release too many changes nothing
        quota.release(a);

        assertThat(quota.addresses()).isZero();
        assertThat(quota.count(a)).isZero();
    }

    @Test
    void concurrentComingsAndGoingsLeaveNothingBehindAndNeverPassTheMax() throws Exception {
        ConnectionQuota quota = new ConnectionQuota(3);
        InetAddress shared = address(3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(() -> {
                    int highest = 0;
                    for (int i = 0; i < 5_000; i++) {
                        if (quota.acquire(shared)) {
                            highest = Math.max(highest, quota.count(shared));
                            quota.release(shared);
                        }
                    }
                    return highest;
                });
            }
            for (Future<Integer> highest : pool.invokeAll(clients)) {
                assertThat(highest.get()).isLessThanOrEqualTo(3);
            }
            assertThat(quota.addresses()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
