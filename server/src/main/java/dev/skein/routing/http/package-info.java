/**
 * HTTP services: POSTs over pooled keep-alive Netty connections per instance, each ended by its answer, a
 * failure or its timeout. Depends on {@code routing.discovery} and Netty.
 */
package dev.skein.routing.http;
