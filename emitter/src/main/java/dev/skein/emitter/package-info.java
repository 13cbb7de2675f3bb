/**
 * {@link dev.skein.emitter.SkeinEmitter}: emits to the clients of a Socket.IO cluster (Skein nodes,
 * Node.js nodes with {@code @socket.io/redis-adapter}) from any process with a Redis connection, in the
 * bytes of the official {@code @socket.io/redis-emitter}. Uses Redisson and {@code dev.skein.wire} only.
 */
package dev.skein.emitter;
