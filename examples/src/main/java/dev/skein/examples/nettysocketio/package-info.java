/**
 * A netty-socketio application on Skein: {@code NettySocketIoChat}, written against netty-socketio's API, served by
 * {@code skein-netty-socketio}'s {@code SkeinSocketIOServer}.
 */
package dev.skein.examples.nettysocketio;
