/**
 * Skein's abuse limits as pure pieces, without Netty: {@link dev.skein.limits.TokenBucket} (a rate with a
 * burst, kept as one {@code long}), the per-client-address tables ({@link dev.skein.limits.ConnectionQuota},
 * {@link dev.skein.limits.AddressRateLimiter}, both behind {@link dev.skein.limits.Admission}), the
 * per-connection {@link dev.skein.limits.EventBudget}, {@link dev.skein.limits.ClientAddresses} (which
 * address a request comes from, behind trusted proxies) and the meters ({@link
 * dev.skein.limits.LimitsMetrics}). The {@code engine} applies the per-address limits at the handshake, the
 * {@code socket} layer the per-connection and per-socket ones. Thread-safe unless a class says otherwise;
 * time is an injected nanosecond clock. Depends on {@code config} only (and Micrometer for the meters).
 */
package dev.skein.limits;
