package dev.skein.routing.config;

import java.time.Duration;

/**
 * A service whose instances are the A records of a DNS name, re-resolved every {@code refresh}.
 *
 * @param name the name to resolve, such as a Kubernetes headless Service {@code orders.shop.svc.cluster.local}
 * @param port the port of every instance
 * @param scheme {@code http}, {@code https}, {@code ws} or {@code wss}
 * @param path the path of every instance's URL, starting with {@code /}
 * @param refresh how often the name is resolved again
 */
public record DnsSpec(String name, int port, String scheme, String path, Duration refresh) {}
