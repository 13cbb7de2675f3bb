package dev.skein.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A websocket client written on a plain TCP socket, for what {@code java.net.http} hides: a client that
 * stops reading (its receive buffer kept small), and the frame header bits (RSV1 marks a compressed
 * frame). Blocking; reads time out after 5 s.
 */
public final class RawTcpWebSocket implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String handshakeResponse;

    private RawTcpWebSocket(Socket socket, String handshakeResponse) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.handshakeResponse = handshakeResponse;
    }

    /**
     * Opens a websocket to {@code path} (with its query) on the node at {@code port}.
     *
     * @param receiveBufferBytes the socket's receive buffer; small to make a slow reader quickly
     * @param extensions a {@code Sec-WebSocket-Extensions} header value, or {@code null}
     */
    public static RawTcpWebSocket open(int port, String path, int receiveBufferBytes, String extensions) {
        return open(TestEnvironment.LOOPBACK, port, path, receiveBufferBytes, extensions);
    }

    /** Like {@link #open(int, String, int, String)}, from the loopback address {@code from} ({@code 127.0.0.2}, ...). */
    public static RawTcpWebSocket open(String from, int port, String path, int receiveBufferBytes, String extensions) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(from, 0));
            socket.setReceiveBufferSize(receiveBufferBytes);
            socket.setSoTimeout(5_000);
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), 5_000);
            byte[] key = new byte[16];
            RANDOM.nextBytes(key);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + TestEnvironment.LOOPBACK + ":" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new RawTcpWebSocket(socket, readHeaders(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP response to the upgrade request, headers only. */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    /** Sends a masked text frame. */
    public void sendText(String text) {
        sendFrame(true, 1, false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a masked binary frame. */
    public void sendBinary(byte[] payload) {
        sendFrame(true, 0x2, false, payload);
    }

    /**
     * Sends one masked frame of {@code opcode} (1 text, 2 binary, 0 continuation, ...), with the FIN bit as
     * given; the payload as it is (a text frame's bytes need not be UTF-8).
     */
    public void sendFrame(int opcode, boolean fin, byte[] payload) {
        sendFrame(fin, opcode, false, payload);
    }

    /**
     * Sends one masked frame.
     *
     * @param fin whether it ends its message (false: more fragments follow, as continuation frames)
     * @param opcode 0 continuation, 1 text, 2 binary, ...
     * @param rsv1 whether it is compressed (permessage-deflate), on the first fragment only
     */
    public void sendFrame(boolean fin, int opcode, boolean rsv1, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next frame. */
    public Frame readFrame() {
        try {
            int first = readByte();
            int second = readByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            return new Frame(first & 0x0F, (first & 0x40) != 0, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text of the next Engine.IO packet starting with {@code prefix} ({@code ""}: the next that is not a
     * ping): pings are answered, other packets skipped, at most 1,000 frames read.
     */
    public String nextPacket(String prefix) {
        for (int i = 0; i < 1_000; i++) {
            String text = readFrame().text();
            if ("2".equals(text)) {
                sendText("3");
            } else if (text.startsWith(prefix)) {
                return text;
            }
        }
        throw new AssertionError("no packet starting with " + prefix + " in 1,000 frames");
    }

    /**
     * Reads frames (answering pings) until the server ends the connection, and says how it did. A server that
     * goes silent for 5 s instead fails the test: silence is not a close.
     */
    public Ending readUntilClosed() {
        return readCloseFrame() == null ? Ending.END_OF_STREAM : Ending.CLOSE_FRAME;
    }

    /**
     * Reads frames (answering pings) until the server's close frame, and returns it; {@code null} when the
     * connection ended (or was reset) without one. A server silent for 5 s fails the test.
     */
    public Frame readCloseFrame() {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode() == 8) {
                    return frame;
                }
                if ("2".equals(frame.text())) {
                    sendText("3");
                }
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketTimeoutException) {
                throw new AssertionError("the server neither closed the connection nor sent anything for 5 s", e);
            }
            // the end of the stream, or a reset: the server closed the connection
            return null;
        }
    }

    /** How the server ended a connection. */
    public enum Ending {
        /** A websocket close frame. */
        CLOSE_FRAME,
        /** The TCP connection ended (or was reset) without a close frame. */
        END_OF_STREAM
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection closed");
        }
        return b;
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the websocket handshake");
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /**
     * One websocket frame as received.
     *
     * @param opcode 1 text, 2 binary, 8 close, ...
     * @param compressed whether RSV1 (permessage-deflate) is set
     * @param payload the payload as on the wire (still compressed when {@code compressed})
     */
    public record Frame(int opcode, boolean compressed, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's status code (1009: message too big, ...), or -1 when it carries none. */
        public int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }
}
