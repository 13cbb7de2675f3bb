package dev.skein.socket;

import java.util.Map;

/** Decides whether a CONNECT to an unknown namespace creates it, like the official {@code io.of(fn)}. */
@FunctionalInterface
public interface NamespaceMatcher {
    /**
     * @param name the namespace the client asked for, starting with {@code /}
     * @param auth the {@code auth} payload of its CONNECT, empty when none
     */
    boolean matches(String name, Map<String, Object> auth);
}
