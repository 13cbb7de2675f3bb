package dev.skein.server;

import dev.skein.config.ConfigException;
import dev.skein.config.ConfigLoader;
import dev.skein.config.Profile;
import dev.skein.config.SkeinConfig;
import dev.skein.conformance.ConformanceApp;
import dev.skein.demo.DemoApp;
import dev.skein.internal.SkeinException;
import dev.skein.web.StaticSite;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Skein node from the command line: {@code java -jar skein-server.jar [--flag value ...]}.
 *
 * <p>Exit status: 0 after a clean stop or {@code --help}, 1 when the node cannot start, 2 for a bad
 * setting. On {@code SIGTERM} (or Ctrl-C) the node drains within {@code SKEIN_SHUTDOWN_GRACE_MS} (readiness
 * fails for {@code SKEIN_DRAIN_DELAY_MS}, then the clients' transports close in batches) and exits.
 */
public final class SkeinMain {
    private static final Logger log = LoggerFactory.getLogger(SkeinMain.class);
    private static final Duration STOP_RESERVE = Duration.ofMillis(2_500);

    private SkeinMain() {}

    public static void main(String[] args) {
        if (ConfigLoader.wantsHelp(args)) {
            System.out.print(ConfigLoader.usage());
            return;
        }
        SkeinConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            printBadSetting(e);
            System.exit(2);
            return;
        }
        ConfigLoader.warnings(System.getenv()).forEach(log::warn);
        run(config);
    }

    private static void run(SkeinConfig config) {
        SkeinServer server;
        try {
            server = SkeinServer.create(config, StaticSite.demo());
        } catch (ConfigException e) {
            // a setting whose file is read when the node is created (SKEIN_AUTH_*): like any bad setting
            printBadSetting(e);
            System.exit(2);
            return;
        } catch (SkeinException e) {
            log.error("{}; check SKEIN_REDIS_URL or SKEIN_REDIS_CONFIG", e.getMessage());
            System.exit(1);
            return;
        }
        if (config.profile() == Profile.CONFORMANCE) {
            ConformanceApp.install(server::of);
        } else {
            DemoApp.install(server.sockets(), config.nodeId(), server.roomAuthorizer());
        }
        try {
            server.start();
        } catch (ConfigException e) {
            // a setting whose file could only be read at start (SKEIN_TLS_*): like any bad setting
            printBadSetting(e);
            server.stop();
            System.exit(2);
        } catch (SkeinException e) {
            log.error("{}", e.getMessage());
            server.stop();
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server, config), "skein-shutdown"));
    }

    /** One line per error ({@code SKEIN_ROUTES_FILE} may have several), each starting {@code skein: }. */
    private static void printBadSetting(ConfigException e) {
        String[] lines = e.getMessage().split("\n");
        for (int i = 0; i < lines.length; i++) {
            System.err.println("skein: " + lines[i] + (i == lines.length - 1 ? "; see --help" : ""));
        }
    }

    private static void shutdown(SkeinServer server, SkeinConfig config) {
        Duration drainBudget = config.shutdownGrace().minus(STOP_RESERVE);
        server.drain(drainBudget.isNegative() ? Duration.ZERO : drainBudget);
        server.stop();
    }
}
