/**
 * The reference test server of the official protocol test suites ({@code SKEIN_PROFILE=conformance}),
 * built on the public API of {@code server} and {@code socket} only.
 */
package dev.skein.conformance;
