/**
 * The Socket.IO server API, shaped after the official Node.js server: {@link dev.skein.socket.Namespace}s
 * hand each connection's {@link dev.skein.socket.Socket} to their connection handlers; sockets receive
 * events with {@link dev.skein.socket.Args} and {@link dev.skein.socket.Ack}s, join rooms, and emit;
 * {@link dev.skein.socket.BroadcastOperator} reaches rooms through the namespace's
 * {@link dev.skein.adapter.Adapter}.
 *
 * <p>Handlers run on the network event loop of their client: they must not block. Depends on
 * {@code protocol}, {@code adapter}, {@code metrics}, {@code limits} (events, namespaces and rooms per
 * connection), {@code config} (transport names, limits), {@code internal}
 * and the {@code skein-wire} module (reserved event names); knows nothing of Netty's channels, which the
 * {@code engine} package connects through {@link dev.skein.socket.ClientConnection} (what a session asks of
 * its connection) and {@link dev.skein.socket.ConnectionListener} (what a connection tells its session).
 */
package dev.skein.socket;
