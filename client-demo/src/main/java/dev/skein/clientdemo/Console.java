package dev.skein.clientdemo;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Timestamped lines on one stream, from any thread. */
final class Console {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    /** Prints {@code text} after the local time ({@code 14:03:07.412 text}). */
    void print(String text) {
        String line = LocalTime.now().format(TIME) + " " + text;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
