/**
 * The wire formats Skein speaks, as pure values and codecs with no I/O: Socket.IO v5 packets
 * ({@link dev.skein.protocol.SocketIoPacket}) with their binary attachments, and the Engine.IO v4
 * framing around them. Decoders validate strictly and throw {@link dev.skein.protocol.ProtocolException}
 * on anything the specification does not allow; encoders produce each packet once so that a broadcast
 * can hand the same bytes to every client. Depends on nothing else in Skein but the reserved event names
 * of {@code skein-wire}.
 */
package dev.skein.protocol;
