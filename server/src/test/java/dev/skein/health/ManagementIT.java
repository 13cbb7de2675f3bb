package dev.skein.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.NodeScript;
import dev.skein.testing.RawHttp;
import dev.skein.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The management port of a real node: liveness, readiness through the lifecycle, Prometheus metrics. */
class ManagementIT {
    @Test
    void livenessAndReadinessFollowTheLifecycle() throws Exception {
        try (TestNode node = TestNode.start(b -> b.drainDelay(Duration.ofSeconds(30)))) {
            assertThat(RawHttp.get(node.managementUrl() + "/health/live").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> ready = RawHttp.get(node.managementUrl() + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"ready\"", "\"node\":\"test-node\"");

            Thread drain = new Thread(() -> node.server().drain(Duration.ofSeconds(30)));
            drain.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> node.server().state() == Readiness.State.DRAINING);

            // draining: readiness fails at once, but a client a load balancer still sends is served
            HttpResponse<String> draining = RawHttp.get(node.managementUrl() + "/health/ready");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).contains("\"status\":\"draining\"");
            assertThat(RawHttp.get(node.url() + "/socket.io/?EIO=4&transport=polling")
                            .statusCode())
                    .isEqualTo(200);

            drain.interrupt();
            await().atMost(Duration.ofSeconds(5)).until(() -> node.server().state() == Readiness.State.CLOSING);

            // closing: new handshakes are refused, so clients go elsewhere; liveness still passes
            assertThat(RawHttp.get(node.managementUrl() + "/health/ready").body())
                    .contains("\"status\":\"closing\"");
            assertThat(RawHttp.get(node.managementUrl() + "/health/live").statusCode())
                    .isEqualTo(200);
            assertThat(RawHttp.get(node.url() + "/socket.io/?EIO=4&transport=polling")
                            .statusCode())
                    .isEqualTo(503);
            drain.join(10_000);
        }
    }

    @Test
    void metricsCountClientsEventsBytesAndErrors() {
        try (TestNode node = TestNode.start()) {
            NodeScript.run("transport", node.url(), "websocket");
            RawHttp.get(node.url() + "/socket.io/?EIO=3&transport=polling");

            String metrics = RawHttp.get(node.managementUrl() + "/metrics").body();

            assertThat(metrics)
                    .contains("skein_clients_connected{transport=\"websocket\"}")
                    .contains("skein_clients_connected{transport=\"polling\"}")
                    .contains("skein_namespaces ")
                    .contains("skein_rooms ")
                    .contains("skein_handshake_errors_total{reason=\"protocol\"} 1.0")
                    .contains("jvm_memory_used_bytes");
            assertThat(value(metrics, "skein_events_in_total")).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "skein_events_out_total")).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "skein_bytes_in_total")).isPositive();
            assertThat(value(metrics, "skein_bytes_out_total")).isPositive();
            assertThat(value(metrics, "skein_event_loop_pending_tasks")).isNotNegative();
        }
    }

    private static double value(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing from " + metrics));
    }
}
