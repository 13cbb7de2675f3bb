package dev.skein.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from {@code /proc/<pid>/stat} and {@code status}: the
 * steadiest figures on a shared machine. Clock ticks are 100 per second on Linux x86-64 ({@code
 * CLK_TCK}), so CPU readings are exact to 10 ms; measure windows of seconds.
 */
public final class ProcStat {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStat() {}

    /** User plus system CPU time {@code pid} has used, in nanoseconds; 0 if it is gone. */
    public static long cpuNanos(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return 0;
        }
        // the command name (field 2) may contain spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long userTicks = Long.parseLong(fields[11]);
        long systemTicks = Long.parseLong(fields[12]);
        return (userTicks + systemTicks) * NANOS_PER_TICK;
    }

    /** Resident set size of {@code pid} in bytes ({@code VmRSS}); 0 if it is gone. */
    public static long rssBytes(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return 0;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /** Open file descriptors of {@code pid}. */
    public static int openFiles(long pid) {
        String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return fds == null ? 0 : fds.length;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
