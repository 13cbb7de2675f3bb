/**
 * Skein's configuration: the immutable, validated {@link dev.skein.config.SkeinConfig} and the one
 * place that reads environment variables and command-line flags ({@link dev.skein.config.ConfigLoader}).
 * Nothing outside this package reads the environment. Depends on {@code internal} only (its exception
 * root).
 */
package dev.skein.config;
