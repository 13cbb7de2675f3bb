/**
 * Looking inside a server under load, by its process id and with the JDK's own tools only: {@link
 * dev.skein.bench.profile.JfrProfiler} records a CPU profile with JFR through {@code jcmd}, {@link
 * dev.skein.bench.profile.JfrSummary} turns a recording into the hottest frames and collapsed stacks for
 * flame graphs, and {@link dev.skein.bench.profile.HeapHistogram} counts the live heap per class, so that
 * memory per connection can be measured. Works on any JVM the same user runs, so on Skein but not on
 * Node.js. Depends only on the JDK ({@code jdk.jfr}, and {@code jcmd} beside the running {@code java}).
 */
package dev.skein.bench.profile;
