package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.JavaClients;
import dev.skein.testing.NodeScript;
import dev.skein.testing.RawHttp;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestCertificate;
import dev.skein.testing.TestEnvironment;
import dev.skein.testing.TestNode;
import io.socket.client.Socket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client port over TLS (SKEIN_TLS_CERT_FILE, SKEIN_TLS_KEY_FILE) with a self-signed certificate made at
 * test time: the official JavaScript client and the Java client over https and wss, plain HTTP refused, the
 * jar's start line and its answer to a file that is no certificate.
 */
class TlsIT {
    @TempDir
    static Path dir;

    private static TestCertificate certificate;
    private static TestNode node;

    @BeforeAll
    static void startNodeWithTls() {
        certificate = TestCertificate.create(dir, "skein-test");
        node = TestNode.start(b -> b.tlsCertFile(certificate.certFile()).tlsKeyFile(certificate.keyFile()));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void officialClientConnectsOverHttpsAndWssTrustingOnlyTheTestCertificate(String transports) {
        List<JsonNode> lines = NodeScript.run(
                "tls", node.url(), transports, certificate.certFile().toString());

        assertThat(lines).hasSize(1);
        JsonNode result = lines.get(0);
        assertThat(result.path("refusedWithoutCa").asBoolean()).isTrue();
        assertThat(result.path("secure").asBoolean()).isTrue();
        assertThat(result.path("connectedWith").asText())
                .isEqualTo("websocket".equals(transports) ? "websocket" : "polling");
        assertThat(result.path("transport").asText()).isEqualTo("polling".equals(transports) ? "polling" : "websocket");
        assertThat(result.path("ack").toString()).isEqualTo("[\"over tls\",2,{\"secure\":true}]");
        assertThat(result.path("answered").asText()).isEqualTo("yes: still encrypted?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void javaClientConnectsOverTlsAndGetsItsAck(String transport) throws Exception {
        OkHttpClient http = new OkHttpClient.Builder()
                .sslSocketFactory(certificate.clientContext().getSocketFactory(), certificate.trustManager())
                .build();
        try (JavaClients clients = new JavaClients(node.url(), http)) {
            Socket client = clients.connectOver(transport, "/");

            assertThat(JavaClients.emitWithAck(client, "echo", "java over tls")).containsExactly("java over tls");
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoHttpAnswerAndIsCounted() throws Exception {
        try (java.net.Socket plain =
                new java.net.Socket(TestEnvironment.LOOPBACK, node.server().port())) {
            plain.setSoTimeout(5_000);
            OutputStream out = plain.getOutputStream();
            out.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = plain.getInputStream();
            byte[] answer = in.readNBytes(8);

            // the connection is closed, at most after a TLS alert: never an HTTP response in clear
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        RawHttp.get(node.managementUrl() + "/metrics").body())
                .contains("skein_handshake_errors_total{reason=\"tls\"}"));
    }

    @Test
    void theJarListensOnHttpsAndSaysWhichTlsProviderAndTransport() throws Exception {
        int port = ServerProcess.freePort();
        Map<String, String> env = Map.of(
                "SKEIN_TLS_CERT_FILE", certificate.certFile().toString(),
                "SKEIN_TLS_KEY_FILE", certificate.keyFile().toString());
        try (ServerProcess server = ServerProcess.onLoopback(port, env)) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(server.output()).contains("Listening on https://"));

            // netty-tcnative's BoringSSL ships in the jar for Linux x86-64: there, OpenSSL must load
            String provider = isLinuxX86() ? "tls=openssl)" : "tls=";
            assertThat(server.output()).contains("Listening on https://127.0.0.1:" + port + "/ (node=", provider);
            HttpClient https = HttpClient.newBuilder()
                    .sslContext(certificate.clientContext())
                    .build();
            HttpResponse<String> open = https.send(
                    HttpRequest.newBuilder(
                                    URI.create(TestEnvironment.httpsUrl(port) + "/socket.io/?EIO=4&transport=polling"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).startsWith("0{\"sid\":\"");
        }
    }

    @Test
    void aCertificateFileThatIsNoCertificateStopsTheJarWithOneLineNamingSettingAndFile() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-certificate.pem"), "hello\n");
        Map<String, String> env = Map.of(
                "SKEIN_TLS_CERT_FILE", notPem.toString(),
                "SKEIN_TLS_KEY_FILE", certificate.keyFile().toString());
        try (ServerProcess server = ServerProcess.onLoopback(ServerProcess.freePort(), env)) {
            assertThat(server.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);

            assertThat(server.output())
                    .endsWith("skein: SKEIN_TLS_CERT_FILE : " + notPem
                            + " (expected: a PEM certificate chain (BEGIN CERTIFICATE)); see --help")
                    .doesNotContain("\tat ");
        }
    }

    static boolean isLinuxX86() {
        return System.getProperty("os.name").startsWith("Linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }
}
