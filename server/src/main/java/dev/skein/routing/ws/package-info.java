/**
 * WebSocket services: one Netty WebSocket channel per client socket and service, opened on first use, pinged,
 * closed with the socket; frames from the service become events to that socket. Depends on {@code
 * routing.discovery}, the {@code socket} API and Netty.
 */
package dev.skein.routing.ws;
