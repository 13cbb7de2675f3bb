package dev.skein.bench.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A {@code redis-server} on a free loopback port, without persistence, for one cluster run. */
public final class RedisProcess implements AutoCloseable {
    private final ChildProcess process;
    private final int port;

    private RedisProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code redis-server} from the PATH and waits until it answers {@code PING}. */
    public static RedisProcess start(Path logDir) {
        int port = FreePorts.next();
        List<String> command = List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxclients",
                "10000");
        ChildProcess process = ChildProcess.start("redis-" + port, command, Map.of(), logDir);
        RedisProcess redis = new RedisProcess(process, port);
        redis.awaitPong(Duration.ofSeconds(10));
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code redis-server --version}'s version, for the report. */
    public static String version() {
        return Commands.firstLine("redis-server", "--version").replaceAll(".*v=([0-9.]+).*", "$1");
    }

    private void awaitPong(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pong()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + process.tail());
            }
            ChildProcess.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("redis-server did not answer PING within " + timeout);
    }

    private boolean pong() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
