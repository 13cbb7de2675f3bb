package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skein.testing.RawHttp;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SKEIN_NETTY_TRANSPORT on the real jar: the transport it picks is in the start line and serves clients; a
 * forced epoll that cannot load stops the start with one line saying why and what to change. Epoll is made
 * unable to load with Netty's own switch, {@code -Dio.netty.transport.noNative=true}.
 */
class NettyTransportIT {
    private static final String NO_NATIVE = "-Dio.netty.transport.noNative=true";

    @ParameterizedTest
    @CsvSource({"nio,false,nio", "auto,true,nio", "auto,false,", "epoll,false,epoll"})
    void theStartLineSaysTheTransportThatServes(String setting, boolean noNative, String expected) throws Exception {
        String transport = expected != null ? expected : Epoll.isAvailable() ? "epoll" : "nio";
        assumeTrue(
                !"epoll".equals(transport) || Epoll.isAvailable(), "epoll does not load here (the next test's case)");
        int port = ServerProcess.freePort();
        Map<String, String> env = noNative
                ? Map.of("SKEIN_NETTY_TRANSPORT", setting, "JAVA_TOOL_OPTIONS", NO_NATIVE)
                : Map.of("SKEIN_NETTY_TRANSPORT", setting);
        try (ServerProcess server = ServerProcess.onLoopback(port, env)) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(server.output()).contains("Listening on "));

            assertThat(server.output())
                    .contains("Listening on http://127.0.0.1:" + port + "/ (node=")
                    .contains(", transport=" + transport + ") in ");
            assertThat(RawHttp.get(TestEnvironment.url(port) + "/socket.io/?EIO=4&transport=polling")
                            .body())
                    .startsWith("0{\"sid\":\"");
        }
    }

    @Test
    void forcedEpollThatCannotLoadStopsTheStartWithWhyAndWhichSettingToChange() throws Exception {
        Map<String, String> env = Map.of("SKEIN_NETTY_TRANSPORT", "epoll", "JAVA_TOOL_OPTIONS", NO_NATIVE);
        try (ServerProcess server = ServerProcess.onLoopback(ServerProcess.freePort(), env)) {
            assertThat(server.waitForExit(Duration.ofSeconds(30))).isEqualTo(1);

            assertThat(server.output())
                    .contains("SKEIN_NETTY_TRANSPORT=epoll, but epoll cannot load here (Native transport was explicit"
                            + " disabled with -Dio.netty.transport.noNative=true); set SKEIN_NETTY_TRANSPORT to auto"
                            + " or nio")
                    .doesNotContain("\tat ");
        }
    }
}
