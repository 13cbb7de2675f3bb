/**
 * Skein's Engine.IO layer on plain Netty: {@link dev.skein.engine.EngineServer} owns the event loops (epoll
 * when it loads), the client port and the pipeline ({@link dev.skein.engine.EngineInitializer}: CORS, the
 * static site, {@link dev.skein.engine.EngineRequestHandler} for handshakes, long-polls, POSTs and
 * upgrades); each session is one {@link dev.skein.engine.Connection}, which lives on one event loop with
 * its heartbeat on that loop's {@link dev.skein.engine.LoopTimer}, and hands decoded messages to the
 * Socket.IO layer through {@link dev.skein.socket.ClientSession}. The per-client-address limits act at the
 * handshake ({@link dev.skein.engine.EngineLimits}; the PROXY protocol in {@link
 * dev.skein.engine.ProxyProtocolHandler}). Depends on {@code config}, {@code protocol}, {@code socket},
 * {@code adapter} (the per-loop fan-out), {@code limits}, {@code health} (readiness), {@code metrics} and
 * {@code internal}.
 */
package dev.skein.engine;
