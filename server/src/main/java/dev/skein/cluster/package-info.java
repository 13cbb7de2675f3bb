/**
 * The cluster layer: a Redis adapter that speaks the wire format of the official {@code
 * @socket.io/redis-adapter} 8.x (classic pub/sub), so that Skein nodes, Node.js nodes and the official
 * emitters share one Redis. The bytes themselves are the {@code skein-wire} module ({@code
 * dev.skein.wire}). May use {@code adapter}, {@code protocol}, {@code metrics} and {@code internal}.
 */
package dev.skein.cluster;
