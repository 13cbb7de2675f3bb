/**
 * The backend services of the routing example (examples/routing, docs/routing.md): {@link
 * dev.skein.examples.routing.OrdersService}, an HTTP service on the JDK alone that Skein routes events to; its
 * WebSocket companion is the Node.js service in {@code examples/routing/feed-service}.
 */
package dev.skein.examples.routing;
