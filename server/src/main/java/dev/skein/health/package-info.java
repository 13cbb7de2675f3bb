/**
 * Liveness, readiness and the management HTTP server that reports them with the metrics. Depends on
 * {@code metrics}.
 */
package dev.skein.health;
