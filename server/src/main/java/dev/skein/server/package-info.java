/**
 * The node itself: {@link dev.skein.server.SkeinServer} owns the lifecycle of the Socket.IO port, the
 * management port and everything behind them; {@link dev.skein.server.SkeinMain} runs one from the
 * command line. Depends on every other package; the only one that knows them all.
 */
package dev.skein.server;
