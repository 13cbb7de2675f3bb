package dev.skein.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bare websocket ({@code java.net.http}) for protocol-level tests: whole messages are queued as
 * {@code String} (text) or {@code byte[]} (binary), and the close is observable. Every wait is bounded.
 */
public final class RawWebSocket implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private WebSocket socket;

    private RawWebSocket() {}

    /**
     * Opens a websocket to {@code url} ({@code ws://...}).
     *
     * @throws java.util.concurrent.CompletionException if the server refuses the handshake
     */
    public static RawWebSocket open(String url) {
        return open(url, java.util.Map.of());
    }

    /**
     * Opens a websocket to {@code url} with {@code headers} on its handshake request (such as {@code Origin} or
     * {@code Cookie}).
     *
     * @throws java.util.concurrent.CompletionException if the server refuses the handshake
     */
    public static RawWebSocket open(String url, java.util.Map<String, String> headers) {
        RawWebSocket raw = new RawWebSocket();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        raw.socket = builder.buildAsync(URI.create(url), raw.new Listener()).join();
        return raw;
    }

    /**
     * The HTTP status with which the server refuses a websocket handshake to {@code url} with {@code headers}; 101
     * when it accepts it (the socket is then closed at once).
     */
    public static int handshakeStatus(String url, java.util.Map<String, String> headers) {
        try {
            open(url, headers).close();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** Whether the server refuses a websocket handshake to {@code url}. */
    public static boolean isRefused(String url) {
        try {
            open(url).close();
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return true;
        }
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void send(byte[] binary) {
        socket.sendBinary(ByteBuffer.wrap(binary), true).join();
    }

    /** The next message, text or binary. */
    public Object next() {
        try {
            Object message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError(
                        "no message within " + WAIT + (closed.isDone() ? "; the socket is closed" : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next text message. */
    public String nextText() {
        Object message = next();
        if (!(message instanceof String text)) {
            throw new AssertionError(
                    "expected a text message, got " + message.getClass().getSimpleName());
        }
        return text;
    }

    /** The next message that is not an Engine.IO ping ({@code "2"}), answering pings on the way. */
    public Object nextAnsweringPings() {
        Object message = next();
        while ("2".equals(message)) {
            send("3");
            message = next();
        }
        return message;
    }

    /** Waits for the server to close the connection; false if it is still open after {@code within}. */
    public boolean awaitClosed(Duration within) {
        try {
            closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }
    }
}
