/**
 * Connection state recovery (docs/recovery.md): a client whose connection drops, or whose node goes away,
 * comes back with its socket id, rooms and data and every recoverable event it missed. {@link
 * dev.skein.recovery.Recovery} makes a {@link dev.skein.recovery.NamespaceRecovery} per namespace: {@link
 * dev.skein.recovery.MemoryRecovery} on a node alone (sessions and a bounded history in memory), {@link
 * dev.skein.recovery.RedisRecovery} in a Redis cluster (a stream per namespace for the history and the order,
 * sessions as expiring hashes written through while connected, so that the clients of a node that crashed
 * recover elsewhere). The socket layer calls it through small hooks; it reaches sockets through {@link
 * dev.skein.recovery.RecoverableSocket} and delivers through the namespace's {@link dev.skein.adapter.Adapter}.
 * May use {@code adapter}, {@code protocol}, {@code cluster} (the Redis link and pipeline), {@code config} and
 * {@code internal}.
 */
package dev.skein.recovery;
