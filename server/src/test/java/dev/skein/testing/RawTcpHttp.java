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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written on a plain TCP socket, for what {@code java.net.http} cannot do: send from a chosen
 * loopback address ({@code 127.0.0.2}, ... are all this machine, so one test has many client addresses),
 * send raw bytes (a PROXY protocol header, a chunked body), and see the server close. Blocking; reads time
 * out after 5 s.
 */
public final class RawTcpHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawTcpHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code from} (a loopback address such as {@code 127.0.0.2}) to the loopback {@code port}. */
    public static RawTcpHttp connect(String from, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(from, 0));
            socket.setSoTimeout(5_000);
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), 5_000);
            return new RawTcpHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One GET from {@code from} on its own connection; {@code headers} are whole lines ({@code "Name: value"}). */
    public static Response get(String from, int port, String path, String... headers) {
        try (RawTcpHttp http = connect(from, port)) {
            http.write(request("GET", port, path, headers) + "\r\n");
            return http.read();
        }
    }

    /** One POST of a text body from {@code from} on its own connection. */
    public static Response post(String from, int port, String path, String body, String... headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (RawTcpHttp http = connect(from, port)) {
            http.write(request("POST", port, path, headers) + "Content-Type: text/plain;charset=UTF-8\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n");
            http.write(bytes);
            return http.read();
        }
    }

    /** The request line and headers, {@code Connection: close} included, without the blank line. */
    public static String request(String method, int port, String path, String... headers) {
        StringBuilder request = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(TestEnvironment.LOOPBACK)
                .append(':')
                .append(port)
                .append("\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.toString();
    }

    public void write(String ascii) {
        write(ascii.getBytes(StandardCharsets.UTF_8));
    }

    public void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response: status, headers (names in lower case), body by {@code Content-Length} or to the end. */
    public Response read() {
        try {
            String head = readHead();
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server ends the connection (end of stream or reset) within 5 s, reading and discarding
     * anything it sends first; false if it keeps it open and silent.
     */
    public boolean closedByServer() {
        try {
            while (in.read() >= 0) {
                // whatever came before the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response" + (head.size() > 0 ? ": " + head : ""));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII).strip();
    }

    /**
     * An HTTP response.
     *
     * @param headers names in lower case
     */
    public record Response(int status, Map<String, String> headers, String body) {}
}
