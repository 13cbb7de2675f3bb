/**
 * The reference test server of the official protocol test suites ({@code SKEIN_PROFILE=conformance}),
 * built on the public API of {@code socket} only: the node that runs it hands it its namespaces.
 */
package dev.skein.conformance;
