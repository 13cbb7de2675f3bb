package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.JavaClients;
import dev.skein.testing.RawTcpWebSocket;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import io.socket.client.Socket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus against the real server jar, started in a JVM with a 64 MiB heap that exits on
 * an {@code OutOfMemoryError}: one list of named cases (the advisories they come from in their names), each
 * run over polling and websocket where it applies. Each case asserts its exact answer, that it was counted
 * under its reason, and that two bystanders connected from the start (official Java clients, one per
 * transport) still get their echo afterwards. The last test forces a GC in the node and checks its heap.
 * The cases are sized so that a buffer without its bound would pass the heap (a 90 MB attachment bomb, a
 * chunked body streamed up to 100 MB). The table in {@code docs/security.md} lists them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final int PING_MILLIS = 2_500;
    private static final int REQUEST_TIMEOUT_MILLIS = 2_000;
    private static final int MAX_PAYLOAD = 1_000_000;
    private static final String POLLING = "polling";
    private static final String WEBSOCKET = "websocket";
    private static final List<String> BOTH = List.of(POLLING, WEBSOCKET);
    private static final String REJECTED = "skein_packets_rejected_total";
    private static final String HANDSHAKE = "skein_handshake_errors_total";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ServerProcess node;
    private static int port;
    private static int managementPort;
    private static JavaClients clients;
    private static Socket websocketBystander;
    private static Socket pollingBystander;

    /** What the node answers to a case. */
    enum Answer {
        /** A Socket.IO parse error: the connection closes (websocket: Engine.IO {@code 1}, then a close frame;
         * polling: the POST is answered {@code ok}, then the session is gone: 400 {@code {"code":1}}). */
        CLOSE,
        /** An Engine.IO parse error: as {@link #CLOSE}, but a POST gets 400 {@code {"code":3}}. */
        CLOSE_400,
        /** Nothing wrong for the protocol: the connection stays open and still gets its own echo. */
        STAYS_OPEN,
        /** An answer of its own, asserted by the case. */
        OWN
    }

    /**
     * One hostile input.
     *
     * @param name what it is, with the advisory it comes from
     * @param transports where it applies
     * @param answer what the node answers
     * @param metric the counter that must grow by one ({@code null}: none)
     * @param reason that counter's reason tag
     * @param run sends the input over a transport, asserting the answer when it is {@link Answer#OWN}
     */
    record Case(String name, List<String> transports, Answer answer, String metric, String reason, Run run) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Run {
        void over(String transport, Case self) throws Exception;
    }

    @BeforeAll
    static void startNode() throws Exception {
        port = ServerProcess.freePort();
        managementPort = ServerProcess.freePort();
        node = ServerProcess.start(
                List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                Map.of(
                        "SKEIN_HOST", TestEnvironment.LOOPBACK,
                        "SKEIN_PORT", String.valueOf(port),
                        "SKEIN_MGMT_PORT", String.valueOf(managementPort),
                        "SKEIN_PING_INTERVAL_MS", String.valueOf(PING_MILLIS),
                        "SKEIN_PING_TIMEOUT_MS", String.valueOf(PING_MILLIS),
                        "SKEIN_HTTP_REQUEST_TIMEOUT_MS", String.valueOf(REQUEST_TIMEOUT_MILLIS),
                        "SKEIN_MAX_PAYLOAD_BYTES", String.valueOf(MAX_PAYLOAD)));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(managementUrl("/health/ready")) == 200);
        clients = new JavaClients(TestEnvironment.url(port));
        websocketBystander = clients.connectOver(WEBSOCKET, "/");
        pollingBystander = clients.connectOver(POLLING, "/");
    }

    @AfterAll
    static void stopNode() {
        if (clients != null) {
            clients.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** Every case, or (for a run by hand) those whose name {@code -Dhostile.case=<regex>} finds. */
    static Stream<Arguments> cases() {
        String only = System.getProperty("hostile.case", "");
        return corpus().stream()
                .filter(c -> Pattern.compile(only).matcher(c.name()).find())
                .flatMap(c -> c.transports().stream().map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("cases")
    @Order(1)
    void eachCaseGetsItsAnswerAndClosesOnlyItsOwnConnection(Case hostile, String transport) throws Exception {
        double before = hostile.metric() == null ? 0 : counter(hostile.metric(), hostile.reason());

        hostile.run().over(transport, hostile);

        if (hostile.metric() != null) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> counter(hostile.metric(), hostile.reason()) >= before + 1);
            assertThat(counter(hostile.metric(), hostile.reason()))
                    .as("counted once under " + hostile.reason())
                    .isEqualTo(before + 1);
        }
        assertBystandersServed();
    }

    @Test
    @Order(2)
    void theNodesHeapStaysBoundedAfterTheWholeCorpus() throws Exception {
        assertThat(node.isAlive())
                .as("the node survived (it exits on OutOfMemoryError)")
                .isTrue();
        Process gc = new ProcessBuilder("jcmd", String.valueOf(node.pid()), "GC.run")
                .redirectErrorStream(true)
                .start();
        assertThat(gc.waitFor()).isZero();
        double heapUsed = sum("jvm_memory_used_bytes", "area=\"heap\"");
        double heapMax = sum("jvm_memory_max_bytes", "area=\"heap\"");
        System.out.printf(
                java.util.Locale.ROOT,
                "HostileInputIT: node heap after the corpus and a GC: %.1f MiB used of %.1f MiB%n",
                heapUsed / 1_048_576,
                heapMax / 1_048_576);

        assertThat(heapUsed).as("heap used after a GC, of " + heapMax).isLessThan(heapMax / 2);
        assertThat(counter("skein_connection_errors_unexpected_total", null)).isZero();
        assertBystandersServed();
    }

    // ---------------------------------------------------------------- the corpus

    private static List<Case> corpus() {
        List<Case> corpus = new ArrayList<>();
        // malformed and unknown packets
        corpus.add(sio("truncated packet", Answer.CLOSE, "malformed", "42[\"my_event\""));
        corpus.add(sio("unknown Socket.IO packet type 7", Answer.CLOSE, "malformed", "47[\"x\"]"));
        corpus.add(sio("unknown Engine.IO packet type 9", Answer.CLOSE_400, "malformed", "9"));
        corpus.add(sio("Engine.IO ping from a v4 client", Answer.CLOSE, "malformed", "2"));
        corpus.add(sio("trailing garbage after the JSON", Answer.CLOSE, "malformed", "42[\"my_event\"]]"));
        corpus.add(sio("JSON null payload", Answer.CLOSE, "malformed", "42null"));
        corpus.add(sio("CONNECT_ERROR sent by a client", Answer.CLOSE, "malformed", "44{\"message\":\"x\"}"));
        corpus.add(new Case(
                "binary attachment with no packet waiting for it",
                BOTH,
                Answer.CLOSE,
                REJECTED,
                "malformed",
                (t, c) -> withClient(t, client -> {
                    client.sendBinary(new byte[] {1, 2, 3});
                    client.assertAnswer(c.answer());
                })));
        // attachments: bombs and bad placeholders (socket.io-parser advisories)
        corpus.add(new Case(
                "attachment-count bomb: 100 announced, 90 MB sent (socket.io-parser 4.2.6, at most 10)",
                List.of(WEBSOCKET),
                Answer.CLOSE,
                REJECTED,
                "attachments",
                (t, c) -> attachmentBomb()));
        corpus.add(sio(
                "11 attachments announced (socket.io-parser 4.2.6)", Answer.CLOSE, "attachments", binaryEvent(11, 11)));
        corpus.add(sio(
                "placeholder num \"toString\" (CVE-2023-32695, GHSA-cqmj-92xf-r6r9)",
                Answer.CLOSE,
                "placeholder",
                "451-[\"my_event\",{\"_placeholder\":true,\"num\":\"toString\"}]",
                new byte[] {1}));
        corpus.add(sio(
                "placeholder num __proto__ (CVE-2022-2421)",
                Answer.CLOSE,
                "placeholder",
                "451-[\"my_event\",{\"_placeholder\":true,\"num\":\"__proto__\"}]",
                new byte[] {1}));
        corpus.add(sio(
                "placeholder for a missing attachment",
                Answer.CLOSE,
                "placeholder",
                "451-[\"my_event\",{\"_placeholder\":true,\"num\":3}]",
                new byte[] {1}));
        corpus.add(sio(
                "two placeholders for one attachment",
                Answer.CLOSE,
                "placeholder",
                "452-[\"my_event\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
                new byte[] {1},
                new byte[] {2}));
        corpus.add(sio(
                "placeholder smuggled into a packet without attachments",
                Answer.CLOSE,
                "placeholder",
                "42[\"my_event\",{\"data\":{\"_placeholder\":true,\"num\":0}}]"));
        // JSON: depth, size, numbers
        corpus.add(sio("JSON 33 levels deep (limit 32)", Answer.CLOSE, "json depth", nested(32)));
        corpus.add(sio("JSON 400,000 levels deep, within maxPayload", Answer.CLOSE, "json depth", nested(400_000)));
        corpus.add(sio(
                "a 1,000-digit number",
                Answer.CLOSE,
                "json number length",
                "42[\"my_event\"," + "7".repeat(1_000) + "]"));
        corpus.add(new Case(
                "JSON of 2 MB, beyond maxPayload (1 MB)",
                List.of(WEBSOCKET),
                Answer.OWN,
                REJECTED,
                "oversized or corrupt frame",
                (t, c) -> oversizedMessage()));
        corpus.add(new Case(
                "JSON of 2 MB, beyond maxPayload (1 MB)",
                List.of(POLLING),
                Answer.OWN,
                REJECTED,
                "oversized body",
                (t, c) -> oversizedBody()));
        // UTF-8
        corpus.add(new Case(
                "invalid UTF-8 in a text frame (RFC 6455: close 1007)",
                List.of(WEBSOCKET),
                Answer.OWN,
                REJECTED,
                "invalid utf-8",
                (t, c) -> invalidUtf8Frame()));
        corpus.add(new Case(
                "invalid UTF-8 in a polling body (decoded as U+FFFD, as Node.js does)",
                List.of(POLLING),
                Answer.STAYS_OPEN,
                null,
                null,
                (t, c) -> invalidUtf8Body()));
        // event names
        for (String name : List.of("1", "{}", "null", "[]")) {
            corpus.add(sio(
                    "event name " + name + " (socket.io-parser 3.3.4: event name format)",
                    Answer.CLOSE,
                    "malformed",
                    "42[" + name + ",\"x\"]"));
        }
        corpus.add(sio("no event name at all", Answer.CLOSE, "malformed", "42[]"));
        for (String name :
                List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener")) {
            corpus.add(
                    sio("reserved event name " + name, Answer.CLOSE, "reserved event", "42[\"" + name + "\",\"x\"]"));
        }
        corpus.add(sio("event named error (CVE-2024-38355)", Answer.STAYS_OPEN, null, "421[\"error\",\"boom\"]"));
        // acknowledgements
        corpus.add(sio(
                "ack for an id the server never sent, twice",
                Answer.STAYS_OPEN,
                null,
                "43999[\"forged\"]",
                "43999[\"forged\"]"));
        corpus.add(sio("negative ack id", Answer.CLOSE, "malformed", "43-1[\"x\"]"));
        corpus.add(sio("ack id of 19 digits", Answer.CLOSE, "malformed", "431234567890123456789[\"x\"]"));
        // the handshake's query and headers (engine.io 6.4.2 / CVE-2023-31125; ws CVE-2024-37890)
        corpus.add(query(
                "transport=__proto__ (engine.io 6.4.2, CVE-2023-31125)",
                "EIO=4&transport=__proto__",
                400,
                "{\"code\":0,\"message\":\"Transport unknown\"}",
                "transport"));
        corpus.add(query(
                "EIO=__proto__",
                "EIO=__proto__&transport=polling",
                400,
                "{\"code\":5,\"message\":\"Unsupported protocol version\"}",
                "protocol"));
        corpus.add(query(
                "sid=constructor",
                "EIO=4&transport=polling&sid=constructor",
                400,
                "{\"code\":1,\"message\":\"Session ID unknown\"}",
                "session"));
        corpus.add(query(
                "EIO given twice",
                "EIO=4&EIO=4&transport=polling",
                400,
                "{\"code\":5,\"message\":\"Unsupported protocol version\"}",
                "protocol"));
        corpus.add(query(
                "transport given twice",
                "EIO=4&transport=polling&transport=websocket",
                400,
                "{\"code\":0,\"message\":\"Transport unknown\"}",
                "transport"));
        corpus.add(query(
                "an escape that is not hexadecimal",
                "EIO=4&transport=polling&t=%zz",
                400,
                "{\"code\":3,\"message\":\"Bad request\"}",
                "query"));
        corpus.add(new Case("sid given twice", BOTH, Answer.OWN, HANDSHAKE, "session", (t, c) -> sidTwice(t)));
        corpus.add(new Case(
                "query string of 5,000 characters",
                BOTH,
                Answer.OWN,
                REJECTED,
                "bad http request",
                (t, c) -> assertThat(
                                rawExchange(request(t, "EIO=4&transport=" + t + "&x=" + "a".repeat(5_000), ""), null))
                        .startsWith("HTTP/1.1 414 ")));
        corpus.add(new Case(
                "2,000 headers (ws CVE-2024-37890)",
                BOTH,
                Answer.OWN,
                REJECTED,
                "bad http request",
                (t, c) -> assertThat(rawExchange(request(t, "EIO=4&transport=" + t, manyHeaders(2_000)), null))
                        .startsWith("HTTP/1.1 431 ")));
        corpus.add(new Case("a header of 10 KB", BOTH, Answer.OWN, REJECTED, "bad http request", (t, c) -> assertThat(
                        rawExchange(request(t, "EIO=4&transport=" + t, "X-Big: " + "b".repeat(10_000) + "\r\n"), null))
                .startsWith("HTTP/1.1 431 ")));
        // HTTP bodies and slow clients
        corpus.add(new Case(
                "chunked POST body growing to 100 MB",
                List.of(POLLING),
                Answer.OWN,
                REJECTED,
                "oversized body",
                (t, c) -> chunkedBomb()));
        corpus.add(new Case(
                "slowloris: headers one byte every 100 ms",
                List.of(POLLING),
                Answer.OWN,
                REJECTED,
                "http request timeout",
                (t, c) -> slowloris()));
        corpus.add(new Case(
                "a connection that never sends a byte",
                List.of(POLLING),
                Answer.OWN,
                null,
                null,
                (t, c) -> silentConnection()));
        corpus.add(new Case(
                "half-open websocket: stops reading, never answers a ping",
                List.of(WEBSOCKET),
                Answer.OWN,
                null,
                null,
                (t, c) -> halfOpenWebsocket()));
        corpus.add(httpCase(
                "Transfer-Encoding: chunked, xchunked (Netty CVE-2026-42581)",
                "POST /socket.io/?EIO=4&transport=polling&sid=x HTTP/1.1\r\nHost: x\r\n"
                        + "Transfer-Encoding: chunked, xchunked\r\n\r\n5\r\n4abcd\r\n0\r\n\r\n",
                "HTTP/1.1 400 "));
        corpus.add(httpCase(
                "chunk size line ended by a bare LF (Netty CVE-2025-58056)",
                "POST /socket.io/?EIO=4&transport=polling&sid=x HTTP/1.1\r\nHost: x\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\n4abcd\r\n0\r\n\r\n",
                "HTTP/1.1 400 "));
        corpus.add(httpCase(
                "chunk extension with an unterminated quoted string (Netty CVE-2026-33870)",
                "POST /socket.io/?EIO=4&transport=polling&sid=x HTTP/1.1\r\nHost: x\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5;e=\"x\r\n4abcd\r\n0\r\n\r\n",
                "HTTP/1.1 400 "));
        corpus.add(new Case(
                "HTTP/2 prior-knowledge preface (no HTTP/2: CVE-2023-44487 does not apply)",
                List.of(POLLING),
                Answer.OWN,
                REJECTED,
                "bad http request",
                (t, c) -> assertThat(rawExchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", null))
                        .startsWith("HTTP/1.1 505 ")));
        return corpus;
    }

    /** A case that sends Engine.IO text packets, then binary attachments, and expects {@code answer}. */
    private static Case sio(String name, Answer answer, String reason, String text, byte[]... attachments) {
        return sio(name, answer, reason, new String[] {text}, attachments);
    }

    private static Case sio(String name, Answer answer, String reason, String first, String second) {
        return sio(name, answer, reason, new String[] {first, second});
    }

    private static Case sio(String name, Answer answer, String reason, String[] texts, byte[]... attachments) {
        return new Case(
                name,
                BOTH,
                answer,
                reason == null ? null : REJECTED,
                reason,
                (t, c) -> withClient(t, client -> {
                    client.send(texts, attachments);
                    client.assertAnswer(answer);
                }));
    }

    /** A raw HTTP exchange whose answer starts with {@code status}, counted as a bad HTTP request. */
    private static Case httpCase(String name, String request, String status) {
        return new Case(name, List.of(POLLING), Answer.OWN, REJECTED, "bad http request", (t, c) -> assertThat(
                        rawExchange(request, null))
                .startsWith(status));
    }

    private static Case query(String name, String query, int status, String body, String reason) {
        return new Case(name, BOTH, Answer.OWN, HANDSHAKE, reason, (t, c) -> {
            String answer = rawExchange(request(t, query, ""), null);
            assertThat(answer).startsWith("HTTP/1.1 " + status + " ").endsWith(body);
        });
    }

    // ---------------------------------------------------------------- cases with answers of their own

    private static void attachmentBomb() {
        try (RawTcpWebSocket socket = joinedWebsocket()) {
            StringBuilder header = new StringBuilder("45100-[\"my_event\"");
            for (int i = 0; i < 100; i++) {
                header.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
            }
            socket.sendText(header.append(']').toString());
            byte[] attachment = new byte[900_000];
            try {
                for (int i = 0; i < 100; i++) {
                    socket.sendBinary(attachment);
                }
            } catch (UncheckedIOException e) {
                // the server has closed the connection: the rest of the bomb goes nowhere
            }
            socket.readUntilClosed();
        }
    }

    private static final String BIG = "42[\"my_event\",\"" + "x".repeat(2 * MAX_PAYLOAD) + "\"]";

    private static void oversizedMessage() {
        try (RawTcpWebSocket socket = joinedWebsocket()) {
            try {
                socket.sendText(BIG);
            } catch (UncheckedIOException e) {
                // closed while it was still being sent
            }
            // with bytes of the message unread, the close may come as a reset: either ending will do
            assertThat(socket.readUntilClosed()).isNotNull();
        }
    }

    private static void oversizedBody() throws Exception {
        try (PollingClient client = PollingClient.join()) {
            HttpResponse<String> answer = client.post(BIG.getBytes(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).isEqualTo(413);
            // the POST never reached the session: it goes on, as with the official server
            client.assertAnswer(Answer.STAYS_OPEN);
        }
    }

    private static void invalidUtf8Frame() {
        try (RawTcpWebSocket socket = joinedWebsocket()) {
            byte[] prefix = "42[\"my_event\",\"".getBytes(StandardCharsets.US_ASCII);
            byte[] payload = new byte[prefix.length + 4];
            System.arraycopy(prefix, 0, payload, 0, prefix.length);
            payload[prefix.length] = (byte) 0xC3;
            payload[prefix.length + 1] = 0x28;
            payload[prefix.length + 2] = '"';
            payload[prefix.length + 3] = ']';
            socket.sendFrame(0x1, true, payload);
            RawTcpWebSocket.Frame frame = socket.readFrame();
            while (frame.opcode() != 8) {
                frame = socket.readFrame();
            }
            int code = ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF);
            assertThat(code).as("close status").isEqualTo(1007);
        }
    }

    private static void invalidUtf8Body() throws Exception {
        try (PollingClient client = PollingClient.join()) {
            byte[] body = "421[\"my_event\",{\"data\":\"\u00ff\"}]".getBytes(StandardCharsets.ISO_8859_1);
            assertThat(client.post(body).body()).isEqualTo("ok");
            assertThat(client.pollUntil("431[")).contains("\ufffd");
        }
    }

    private static void sidTwice(String transport) throws Exception {
        try (PollingClient client = PollingClient.join()) {
            String answer = rawExchange(
                    request(
                            transport,
                            "EIO=4&transport=" + transport + "&sid=" + client.sid + "&sid=" + client.sid,
                            ""),
                    null);
            assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("{\"code\":1,\"message\":\"Session ID unknown\"}");
            client.assertAnswer(Answer.STAYS_OPEN);
        }
    }

    private static void chunkedBomb() throws Exception {
        try (PollingClient client = PollingClient.join();
                java.net.Socket socket = rawSocket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /socket.io/?EIO=4&transport=polling&sid=" + client.sid + " HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: text/plain;charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "4".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int sent = 0;
            try {
                while (sent < 100_000_000) {
                    out.write(chunk);
                    sent += 0x10000;
                }
            } catch (IOException e) {
                // cut off
            }
            assertThat(sent).as("the body was cut off long before 100 MB").isLessThan(50_000_000);
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413 ");
        }
    }

    private static void slowloris() throws Exception {
        try (java.net.Socket socket = rawSocket()) {
            OutputStream out = socket.getOutputStream();
            byte[] head = ("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Slow: " + "z".repeat(200))
                    .getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            int at = 0;
            try {
                while (at < head.length) {
                    out.write(head[at++]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                // the server closed the connection while the headers were still coming
            }
            assertThat(at).as("bytes sent before the server gave up").isLessThan(head.length);
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 408 ");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    private static void silentConnection() throws Exception {
        try (java.net.Socket socket = rawSocket()) {
            socket.setSoTimeout(REQUEST_TIMEOUT_MILLIS * 5);
            assertThat(socket.getInputStream().read())
                    .as("closed without an answer")
                    .isEqualTo(-1);
        }
    }

    private static void halfOpenWebsocket() {
        double before = sum("skein_clients_connected", "transport=\"websocket\"");
        try (RawTcpWebSocket stalled =
                RawTcpWebSocket.open(port, "/socket.io/?EIO=4&transport=websocket", 4_096, null)) {
            stalled.readFrame();
            stalled.sendText("40");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> sum("skein_clients_connected", "transport=\"websocket\"") == before + 1);
            // it reads nothing more and answers no ping: gone after pingInterval + pingTimeout
            await().atMost(Duration.ofMillis(4L * PING_MILLIS))
                    .until(() -> sum("skein_clients_connected", "transport=\"websocket\"") == before);
            assertThat(stalled.readUntilClosed()).isNotNull();
        }
    }

    // ---------------------------------------------------------------- raw clients

    /** A raw client joined to "/" over one transport. */
    private interface RawClient extends AutoCloseable {
        void send(String[] texts, byte[]... attachments) throws Exception;

        void sendBinary(byte[] attachment) throws Exception;

        void assertAnswer(Answer answer) throws Exception;

        @Override
        void close();
    }

    @FunctionalInterface
    private interface ClientAction {
        void accept(RawClient client) throws Exception;
    }

    private static void withClient(String transport, ClientAction action) throws Exception {
        try (RawClient client = WEBSOCKET.equals(transport) ? new WebsocketClient() : PollingClient.join()) {
            action.accept(client);
        }
    }

    private static RawTcpWebSocket joinedWebsocket() {
        RawTcpWebSocket socket = RawTcpWebSocket.open(port, "/socket.io/?EIO=4&transport=websocket", 65_536, null);
        assertThat(socket.readFrame().text()).startsWith("0{");
        socket.sendText("40");
        assertThat(socket.readFrame().text()).startsWith("40{");
        assertThat(socket.readFrame().text()).startsWith("42[\"my_response\"");
        return socket;
    }

    private static final class WebsocketClient implements RawClient {
        private final RawTcpWebSocket socket = joinedWebsocket();

        @Override
        public void send(String[] texts, byte[]... attachments) {
            for (String text : texts) {
                socket.sendText(text);
            }
            for (byte[] attachment : attachments) {
                socket.sendBinary(attachment);
            }
        }

        @Override
        public void sendBinary(byte[] attachment) {
            socket.sendBinary(attachment);
        }

        @Override
        public void assertAnswer(Answer answer) {
            if (answer == Answer.STAYS_OPEN) {
                socket.sendText("421[\"my_event\",{\"data\":\"self\"}]");
                socket.nextPacket("431[");
                return;
            }
            List<String> texts = new ArrayList<>();
            RawTcpWebSocket.Frame frame = socket.readFrame();
            while (frame.opcode() != 8) {
                texts.add(frame.text());
                frame = socket.readFrame();
            }
            assertThat(texts).as("the Engine.IO close before the close frame").endsWith("1");
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static final class PollingClient implements RawClient {
        private final String base;
        private final String sid;

        private PollingClient(String sid) {
            this.sid = sid;
            this.base = TestEnvironment.url(port) + "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        }

        static PollingClient join() throws Exception {
            String open = get(TestEnvironment.url(port) + "/socket.io/?EIO=4&transport=polling")
                    .body();
            PollingClient client = new PollingClient(EmbeddedHttp.sid(open));
            assertThat(client.post("40".getBytes(StandardCharsets.UTF_8)).body())
                    .isEqualTo("ok");
            assertThat(client.pollUntil("40{")).contains("40{\"sid\"");
            return client;
        }

        @Override
        public void send(String[] texts, byte[]... attachments) throws Exception {
            List<String> segments = new ArrayList<>(List.of(texts));
            for (byte[] attachment : attachments) {
                segments.add("b" + Base64.getEncoder().encodeToString(attachment));
            }
            lastPost = post(String.join("\u001e", segments).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void sendBinary(byte[] attachment) throws Exception {
            send(new String[0], attachment);
        }

        private HttpResponse<String> lastPost;

        @Override
        public void assertAnswer(Answer answer) throws Exception {
            switch (answer) {
                case STAYS_OPEN -> {
                    assertThat(lastPost == null ? "ok" : lastPost.body()).isEqualTo("ok");
                    assertThat(post("421[\"my_event\",{\"data\":\"self\"}]".getBytes(StandardCharsets.UTF_8))
                                    .body())
                            .isEqualTo("ok");
                    assertThat(pollUntil("431[")).contains("431[");
                }
                case CLOSE, CLOSE_400 -> {
                    if (answer == Answer.CLOSE) {
                        assertThat(lastPost.statusCode()).isEqualTo(200);
                    } else {
                        assertThat(lastPost.statusCode()).isEqualTo(400);
                        assertThat(lastPost.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
                    }
                    HttpResponse<String> poll = get(base);
                    assertThat(poll.statusCode()).isEqualTo(400);
                    assertThat(poll.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
                }
                default -> throw new AssertionError("no common check for " + answer);
            }
        }

        HttpResponse<String> post(byte[] body) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(base))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "text/plain;charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        /** Long-polls (answering pings) until a payload holds {@code marker}; returns that payload. */
        String pollUntil(String marker) throws Exception {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> poll = get(base);
                assertThat(poll.statusCode()).isEqualTo(200);
                if (poll.body().contains(marker)) {
                    return poll.body();
                }
                if (poll.body().contains("\u001e2") || poll.body().equals("2")) {
                    post("3".getBytes(StandardCharsets.UTF_8));
                }
            }
            throw new AssertionError("no payload with " + marker);
        }

        @Override
        public void close() {
            try {
                post("1".getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                // the session is gone already
            }
        }
    }

    // ---------------------------------------------------------------- HTTP on raw sockets

    /** A GET (with the websocket upgrade's headers when {@code transport} is websocket) and its end. */
    private static String request(String transport, String query, String moreHeaders) {
        String upgrade = WEBSOCKET.equals(transport)
                ? "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                : "";
        return "GET /socket.io/?" + query + " HTTP/1.1\r\nHost: " + TestEnvironment.LOOPBACK + "\r\n" + upgrade
                + moreHeaders + "\r\n";
    }

    private static String manyHeaders(int count) {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < count; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        return headers.toString();
    }

    /** Sends {@code head} (then {@code body} unless null) and reads the answer until the server closes. */
    private static String rawExchange(String head, byte[] body) throws IOException {
        try (java.net.Socket socket = rawSocket()) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // answered and closed before all was sent
            }
            return readAll(socket.getInputStream());
        }
    }

    private static java.net.Socket rawSocket() throws IOException {
        java.net.Socket socket = new java.net.Socket();
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), 5_000);
        return socket;
    }

    /** Everything until the end of the stream, or (a reset after the answer) what came before it. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8_192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed in 10 s: " + all, e);
        } catch (IOException e) {
            // reset after the answer
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- the node's metrics and bystanders

    private static void assertBystandersServed() throws Exception {
        for (Socket bystander : List.of(websocketBystander, pollingBystander)) {
            Object[] ack = JavaClients.emitWithAck(bystander, "my_event", new JSONObject().put("data", "still here"));
            assertThat(ack).as("the bystander's echo").hasSize(1);
            assertThat(ack[0].toString()).contains("count");
        }
    }

    private static double counter(String name, String reason) {
        return sum(name, reason == null ? null : "reason=\"" + reason + "\"");
    }

    /** The sum of the node's samples of {@code name} whose labels contain {@code label} (any when null). */
    private static double sum(String name, String label) {
        String text = get(managementUrl("/metrics")).body();
        Matcher sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        double total = 0;
        while (sample.find()) {
            if (label == null || (sample.group(1) != null && sample.group(1).contains(label))) {
                total += Double.parseDouble(sample.group(2));
            }
        }
        return total;
    }

    private static String managementUrl(String path) {
        return TestEnvironment.url(managementPort) + path;
    }

    private static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String nested(int levels) {
        return "42[\"my_event\"," + "[".repeat(levels) + "]".repeat(levels) + "]";
    }

    private static String binaryEvent(int announced, int placeholders) {
        StringBuilder text = new StringBuilder("45").append(announced).append("-[\"my_event\"");
        for (int i = 0; i < placeholders; i++) {
            text.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
        }
        return text.append(']').toString();
    }
}
