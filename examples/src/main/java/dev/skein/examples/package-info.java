/** Runnable backend jobs that push to Socket.IO clients through Redis with {@code skein-emitter}. */
package dev.skein.examples;
