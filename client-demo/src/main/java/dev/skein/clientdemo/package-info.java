/**
 * A command-line chat client for a Skein room, on {@code io.socket:socket.io-client}: what a Java
 * application talking to Skein through a load balancer looks like (cookies kept for stickiness, rooms
 * rejoined after each reconnect, backoff between attempts).
 */
package dev.skein.clientdemo;
