package dev.skein.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} from the PATH on a free loopback port, no persistence, for one test class.
 * It can be killed ({@code SIGKILL}) and started again on the same port, to test outages.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Starts a server and waits until it answers {@code PING}. */
    public static RedisServer start() {
        try {
            RedisServer server = new RedisServer(ServerProcess.freePort(), Files.createTempFile("redis", ".log"));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code redis-server} is on the PATH (CI installs it; a laptop may lack it). */
    public static boolean isAvailable() {
        try {
            Process probe = new ProcessBuilder("redis-server", "--version")
                    .redirectErrorStream(true)
                    .start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public URI url() {
        return URI.create("redis://" + TestEnvironment.LOOPBACK + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Kills the server at once ({@code SIGKILL}), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port. */
    public void restart() {
        launch();
    }

    /** Sends one command (RESP inline) and returns the first line of the answer. */
    public String command(String... words) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
            for (String word : words) {
                byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
                request.append('$')
                        .append(bytes.length)
                        .append("\r\n")
                        .append(word)
                        .append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            TestEnvironment.LOOPBACK,
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--protected-mode",
                            "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (install it: apt-get install redis-server)", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "+PONG"
                .equals(command("PING")));
    }

    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }
}
