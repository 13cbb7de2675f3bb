/**
 * A service's instances: the fixed list or the A records of a DNS name re-resolved without blocking, the
 * instances set aside after failures, and the least-in-flight choice. Depends on {@code routing.config} and
 * Netty's DNS resolver.
 */
package dev.skein.routing.discovery;
