/**
 * The routes file: {@link dev.skein.routing.config.RoutesFile} reads and checks it (one line per error, with
 * its line number) into a {@link dev.skein.routing.config.RoutesSpec} of services, routes and hooks. Depends on
 * snakeyaml-engine and the SPI of {@code routing}.
 */
package dev.skein.routing.config;
