package dev.skein.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free loopback port in front of one server port, for tests that lose connections: it can
 * cut every relayed connection (both ends closed: the server sees its client go), drop them silently (the
 * client's end closed, the server's kept open and its bytes swallowed: a connection the server has not seen
 * die), and refuse new ones for a while. Two threads per connection; for tests only. Closing it closes
 * everything.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private volatile int targetPort;
    private final List<Relay> relays = new CopyOnWriteArrayList<>();
    /** Blackholed connections, whose server end stays open until the server or {@link #close()} ends it. */
    private final List<Relay> held = new CopyOnWriteArrayList<>();

    private volatile boolean refusing;
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /** Relays a free loopback port to {@code targetPort} on loopback. */
    public static TcpProxy start(int targetPort) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(TestEnvironment.LOOPBACK));
            TcpProxy proxy = new TcpProxy(listener, targetPort);
            Thread acceptor = new Thread(proxy::accept, "tcp-proxy-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return TestEnvironment.url(port());
    }

    /** Relays new connections to {@code port} from now on (a client's next connection reaches another node). */
    public void retarget(int port) {
        this.targetPort = port;
    }

    /** While {@code refuse}, new connections are closed as soon as they are accepted. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    /** Closes both ends of every relayed connection. */
    public void cut() {
        for (Relay relay : relays) {
            relay.cut();
        }
        relays.clear();
    }

    /**
     * Closes the client's end of every relayed connection and stops relaying, but keeps the server's end open
     * and swallows what the server sends: the server notices nothing until its own timeouts.
     */
    public void blackhole() {
        for (Relay relay : relays) {
            relay.blackhole();
            held.add(relay);
        }
        relays.clear();
    }

    /** How many connections are relayed now. */
    public int connections() {
        return (int) relays.stream().filter(r -> !r.done).count();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, targetPort), 2_000);
                Relay relay = new Relay(client, server);
                relays.add(relay);
                relay.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cut();
        held.forEach(Relay::cut);
    }

    /** One relayed connection. */
    private static final class Relay {
        private final Socket client;
        private final Socket server;
        private volatile boolean swallowing;
        private volatile boolean done;

        Relay(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            thread(() -> pump(client, server, false), "up");
            thread(() -> pump(server, client, true), "down");
        }

        private static void thread(Runnable body, String name) {
            Thread thread = new Thread(body, "tcp-proxy-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void pump(Socket from, Socket to, boolean fromServer) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (swallowing) {
                        if (!fromServer) {
                            return;
                        }
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one end went away
            }
            if (!swallowing) {
                cut();
            }
        }

        void cut() {
            done = true;
            closeQuietly(client);
            closeQuietly(server);
        }

        void blackhole() {
            done = true;
            swallowing = true;
            closeQuietly(client);
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
