/**
 * Skein's wiring of netty-socketio: {@link dev.skein.engine.EngineChannelInitializer} builds the
 * pipeline and owns netty-socketio's Engine.IO collaborators (handshake, polling and websocket
 * transports, heartbeat scheduler), and replaces the parts with known defects: the packet decoder
 * ({@link dev.skein.engine.EnginePacketHandler}), the response encoder ({@link
 * dev.skein.engine.EngineResponseEncoder}, no stray {@code 0x04} byte, no false keep-alive, encoded-once
 * packets), request validation ({@link dev.skein.engine.RequestGuard}) and CORS ({@link
 * dev.skein.engine.CorsHandler}). The only package that touches netty-socketio's classes; it hands
 * decoded packets to {@code socket}.
 */
package dev.skein.engine;
