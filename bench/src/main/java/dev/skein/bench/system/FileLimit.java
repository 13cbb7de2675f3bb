package dev.skein.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's open-file limit, from {@code /proc/<pid>/limits}. */
public final class FileLimit {
    private FileLimit() {}

    /** The soft limit on open files of {@code pid}; -1 when it cannot be read. */
    public static long of(long pid) {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Max open files")) {
                    String soft =
                            line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
