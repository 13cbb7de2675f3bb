/**
 * Skein's Micrometer meters, every name prefixed {@code skein_}, scraped as Prometheus text on the
 * management port. Depends on nothing else in Skein; every other package may record here.
 */
package dev.skein.metrics;
