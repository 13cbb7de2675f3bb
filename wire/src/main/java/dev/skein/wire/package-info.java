/**
 * The bytes of the official {@code @socket.io/redis-adapter} 8.x (classic pub/sub) and {@code
 * @socket.io/redis-emitter} 5.x: MessagePack as notepack.io writes it, channel names, broadcasts,
 * requests and responses. Pure values and codecs: no Redis client, no server; shared by the server's
 * cluster layer and the Java emitter.
 */
package dev.skein.wire;
