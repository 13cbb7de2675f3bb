/** Test helpers that own real servers and real clients: one place for ports, paths and processes. */
package dev.skein.testing;
