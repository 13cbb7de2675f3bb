package dev.skein.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.redis.testcontainers.RedisContainer;
import java.io.BufferedReader;
import java.io.DataInputStream;
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
import org.testcontainers.DockerClientFactory;

/**
 * A real Redis on a free loopback port, no persistence, for one test: a container (Testcontainers'
 * {@code com.redis:testcontainers-redis}) where a Docker engine is reachable, else {@code redis-server}
 * from the PATH (what CI installs). {@code -Dskein.redis=process} or {@code =container} forces one. It can
 * be killed ({@code SIGKILL}) and started again on the same port, to test outages.
 */
public final class RedisServer implements AutoCloseable {
    private static final String IMAGE = "redis:7.4-alpine";
    private static final boolean CONTAINERS = dockerReachable();

    private final int port;
    private final Backend backend;

    private RedisServer(int port, Backend backend) {
        this.port = port;
        this.backend = backend;
    }

    /**
     * Starts a server and waits until it answers {@code PING}.
     *
     * @throws IllegalStateException when there is neither a Docker engine nor {@code redis-server} (a test
     *     that needs Redis fails then, it is never skipped)
     */
    public static RedisServer start() {
        if (!isAvailable()) {
            throw new IllegalStateException(
                    "No Redis for the tests: neither a Docker engine nor redis-server on the PATH (.ci/run installs"
                            + " redis-server: apt-get install redis-server)");
        }
        int port = ServerProcess.freePort();
        RedisServer server =
                new RedisServer(port, useContainer() ? new ContainerBackend(port) : new ProcessBackend(port));
        server.launch();
        return server;
    }

    /** Whether a Redis can be started here: a Docker engine, or {@code redis-server} on the PATH. */
    private static boolean isAvailable() {
        return useContainer() || hasRedisServerBinary();
    }

    public URI url() {
        return URI.create("redis://" + TestEnvironment.LOOPBACK + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Kills the server at once ({@code SIGKILL}), as a crash would. */
    public void kill() {
        backend.kill();
    }

    /** Freezes the server ({@code SIGSTOP}; a paused container): its connections stay open, nothing answers. */
    public void pause() {
        backend.pause();
    }

    /** Lets a paused server go on ({@code SIGCONT}); what clients sent meanwhile is then read and answered. */
    public void resume() {
        backend.resume();
    }

    /** Stops the server the way an operator does ({@code SIGTERM}: it closes its connections and exits). */
    public void stop() {
        backend.stop();
    }

    /** Starts the server again on the same port. */
    public void restart() {
        launch();
    }

    /** Sends one command (RESP) and returns the first line of the answer. */
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

    /**
     * {@code INFO section}: the whole answer as Redis writes it ({@code field:value} lines), e.g. {@code cpu}
     * for {@code used_cpu_user} and {@code used_cpu_sys} in seconds.
     */
    public String info(String section) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), 2_000);
            socket.setSoTimeout(2_000);
            byte[] request = ("*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(request);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String header = readLine(in);
            if (!header.startsWith("$")) {
                throw new IllegalStateException("INFO " + section + " answered " + header);
            }
            byte[] body = new byte[Integer.parseInt(header.substring(1))];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection mid-answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        backend.close();
    }

    private void launch() {
        backend.launch();
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "+PONG"
                .equals(command("PING")));
    }

    private static boolean useContainer() {
        return CONTAINERS;
    }

    /**
     * Asks Testcontainers only where a Docker engine may be (it logs an ERROR when it finds none), and
     * once per test JVM.
     */
    private static boolean dockerReachable() {
        String forced = System.getProperty("skein.redis", "");
        if (!forced.isEmpty()) {
            return "container".equals(forced);
        }
        Path home = Path.of(System.getProperty("user.home"));
        boolean mayHaveDocker = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"));
        if (!mayHaveDocker) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasRedisServerBinary() {
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

    /** Where the Redis runs. */
    private interface Backend {
        /** Starts (or starts again) without waiting for it to answer. */
        void launch();

        void kill();

        void pause();

        void resume();

        void stop();

        void close();
    }

    /** {@code redis-server} from the PATH, its output in a temporary log file. */
    private static final class ProcessBackend implements Backend {
        private final int port;
        private final Path log;
        private Process process;

        ProcessBackend(int port) {
            this.port = port;
            try {
                this.log = Files.createTempFile("redis", ".log");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void launch() {
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
                throw new UncheckedIOException(
                        "cannot start redis-server (install it: apt-get install redis-server)", e);
            }
        }

        @Override
        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void pause() {
            signal("-STOP");
        }

        @Override
        public void resume() {
            signal("-CONT");
        }

        @Override
        public void stop() {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void signal(String signal) {
            try {
                Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                        .redirectErrorStream(true)
                        .start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            // SIGKILL ends a stopped process too
            kill();
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /**
     * A Redis container whose port is bound to the same loopback port across a kill and a start, so
     * that clients reconnect to where they were.
     */
    private static final class ContainerBackend implements Backend {
        private final RedisContainer container;
        private boolean created;

        ContainerBackend(int port) {
            this.container = new RedisContainer(IMAGE)
                    .withCommand("redis-server", "--save", "", "--appendonly", "no")
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withPortBindings(new PortBinding(
                                    Ports.Binding.bindIpAndPort(TestEnvironment.LOOPBACK, port),
                                    ExposedPort.tcp(RedisContainer.REDIS_PORT))));
        }

        @Override
        public void launch() {
            if (!created) {
                container.start();
                created = true;
            } else {
                container
                        .getDockerClient()
                        .startContainerCmd(container.getContainerId())
                        .exec();
            }
        }

        @Override
        public void kill() {
            container
                    .getDockerClient()
                    .killContainerCmd(container.getContainerId())
                    .exec();
        }

        @Override
        public void pause() {
            container
                    .getDockerClient()
                    .pauseContainerCmd(container.getContainerId())
                    .exec();
        }

        @Override
        public void resume() {
            container
                    .getDockerClient()
                    .unpauseContainerCmd(container.getContainerId())
                    .exec();
        }

        @Override
        public void stop() {
            container
                    .getDockerClient()
                    .stopContainerCmd(container.getContainerId())
                    .exec();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
