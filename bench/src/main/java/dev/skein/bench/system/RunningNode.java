package dev.skein.bench.system;

import dev.skein.bench.load.Endpoint;

/**
 * One server node of a system under test.
 *
 * @param name its node id, such as {@code skein-1}
 * @param endpoint where its clients connect
 * @param process the process (its pid is what the CPU and memory figures read)
 * @param adminPort Skein's management port, or the Node peer's own port (which serves {@code /bench/memory})
 */
public record RunningNode(String name, Endpoint endpoint, ChildProcess process, int adminPort) {
    public long pid() {
        return process.pid();
    }
}
