package dev.skein.testing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain RESP pattern subscriber on a real Redis, with no client library between: the messages Redis
 * delivered, in the order it delivered them, so that a test of what a node publishes does not depend on
 * the node's own subscriber.
 */
public final class RedisSubscriber implements AutoCloseable {
    /** One {@code pmessage}. */
    public record Message(String channel, byte[] payload) {}

    private final Socket socket;
    private final DataInputStream in;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);

    private RedisSubscriber(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    }

    /** {@code PSUBSCRIBE pattern}; returns once Redis confirmed it. */
    public static RedisSubscriber psubscribe(RedisServer redis, String pattern) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, redis.port()), 2_000);
            RedisSubscriber subscriber = new RedisSubscriber(socket);
            Thread reader = new Thread(subscriber::read, "redis-subscriber");
            reader.setDaemon(true);
            reader.start();
            byte[] command = ("*2\r\n$10\r\nPSUBSCRIBE\r\n$" + pattern.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                            + pattern + "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(command);
            if (!subscriber.subscribed.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Redis did not confirm PSUBSCRIBE " + pattern + " within 5 s");
            }
            return subscriber;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message, or null when none came {@code within}. */
    public Message next(Duration within) throws InterruptedException {
        return messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next {@code count} messages; fails when one does not come within {@code each}. */
    public List<Message> next(int count, Duration each) throws InterruptedException {
        List<Message> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Message message = next(each);
            if (message == null) {
                throw new AssertionError("only " + i + " of " + count + " messages within " + each + " each");
            }
            received.add(message);
        }
        return received;
    }

    /** The messages received and not yet taken. */
    public int waiting() {
        return messages.size();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test's socket: nothing to do
        }
    }

    private void read() {
        try {
            while (true) {
                List<byte[]> frame = readArray();
                String kind = new String(frame.get(0), StandardCharsets.UTF_8);
                if ("psubscribe".equals(kind)) {
                    subscribed.countDown();
                } else if ("pmessage".equals(kind)) {
                    messages.add(new Message(new String(frame.get(2), StandardCharsets.UTF_8), frame.get(3)));
                }
            }
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    /** One RESP array of bulk strings and integers (integers as their decimal text). */
    private List<byte[]> readArray() throws IOException {
        String header = readLine();
        if (header.charAt(0) != '*') {
            throw new IOException("expected an array, got " + header);
        }
        int size = Integer.parseInt(header.substring(1));
        List<byte[]> parts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String line = readLine();
            if (line.charAt(0) == '$') {
                byte[] bulk = new byte[Integer.parseInt(line.substring(1))];
                in.readFully(bulk);
                readLine();
                parts.add(bulk);
            } else {
                parts.add(line.substring(1).getBytes(StandardCharsets.UTF_8));
            }
        }
        return parts;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
