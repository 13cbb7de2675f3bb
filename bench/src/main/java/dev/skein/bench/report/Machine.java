package dev.skein.bench.report;

import dev.skein.bench.BenchOptions;
import dev.skein.bench.system.Commands;
import dev.skein.bench.system.RedisProcess;
import dev.skein.bench.system.ServerSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The report's description of the machine, the versions and the command. */
final class Machine {
    private Machine() {}

    static void describe(StringBuilder md, java.util.List<ServerSystem> systems, BenchOptions options) {
        md.append("## Machine and command\n\n");
        md.append("- CPU: ")
                .append(cpuModel())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores; memory ")
                .append(memory())
                .append("; ")
                .append(Commands.firstLine("uname", "-sr"))
                .append('\n');
        for (ServerSystem system : systems) {
            md.append("- ")
                    .append(system.name())
                    .append(": ")
                    .append(system.version())
                    .append('\n');
        }
        md.append("- Redis ")
                .append(RedisProcess.version())
                .append("; load generator: Java ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(options.threads())
                .append(" event loop(s)\n");
        md.append("- Command: `bench/run.sh")
                .append(options.scenarios().isEmpty() ? "" : " " + String.join(" ", options.scenarios()))
                .append("` (rounds ")
                .append(options.rounds())
                .append(", warm-up ")
                .append(options.warmup().toMillis())
                .append(" ms and window ")
                .append(options.measure().toMillis())
                .append(" ms per step, scale ")
                .append(options.scale())
                .append(")\n");
    }

    private static String cpuModel() {
        return grep(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return grep(Path.of("/proc/meminfo"), "MemTotal")
                .map(v ->
                        String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1048576.0))
                .orElse("unknown");
    }

    private static java.util.Optional<String> grep(Path file, String key) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
