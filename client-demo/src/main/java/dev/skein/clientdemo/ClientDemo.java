package dev.skein.clientdemo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar skein-client-demo.jar --url http://localhost:3000 --room lobby}: joins the room, prints
 * everything it receives with timestamps, sends each line typed to the room, and reconnects with backoff.
 * Ends cleanly on Ctrl-C or at the end of its input.
 *
 * <p>Exit status: 0 after Ctrl-C or the end of input, 1 when the server ended the session, 2 for a bad
 * flag.
 */
public final class ClientDemo {
    private ClientDemo() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (DemoOptions.wantsHelp(args)) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("skein-client-demo: " + e.getMessage());
            err.print(DemoOptions.USAGE);
            return 2;
        }
        Console console = new Console(out);
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        RoomChat chat = RoomChat.open(options, console, () -> {
            console.print("the server ended the session");
            outcome.complete(1);
        });
        AtomicBoolean closed = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (closed.compareAndSet(false, true)) {
                chat.close();
                console.print("bye");
            }
        };
        // Ctrl-C (SIGINT) or SIGTERM: leave the server cleanly before the JVM exits
        Thread hook = new Thread(shutdown, "skein-client-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // stdin on its own (daemon) thread: a blocked read must not keep the demo from ending
        Thread reader = new Thread(
                () -> {
                    readLines(in, chat, console);
                    outcome.complete(0);
                },
                "skein-client-demo-input");
        reader.setDaemon(true);
        reader.start();
        int status = outcome.join();
        Runtime.getRuntime().removeShutdownHook(hook);
        shutdown.run();
        return status;
    }

    private static void readLines(InputStream in, RoomChat chat, Console console) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    chat.send(line);
                }
            }
            console.print("end of input");
        } catch (IOException e) {
            console.print("cannot read input: " + e.getMessage());
        }
    }
}
