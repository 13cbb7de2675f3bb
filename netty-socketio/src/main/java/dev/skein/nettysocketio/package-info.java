/**
 * netty-socketio's API on Skein: {@link dev.skein.nettysocketio.SkeinSocketIOServer} is a {@code
 * com.corundumstudio.socketio.SocketIOServer} whose namespaces, clients, broadcasts, acknowledgements and listeners
 * run on Skein's public API ({@code dev.skein.server}, {@code dev.skein.socket}); netty-socketio's own runtime never
 * starts. Depends on the server module's public packages ({@code server}, {@code socket}, {@code config}, {@code
 * cluster} for {@code RedisLink}, {@code adapter}, {@code web}) and on netty-socketio's API types; nothing in the
 * server depends on it.
 */
package dev.skein.nettysocketio;
