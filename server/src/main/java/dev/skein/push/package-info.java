/**
 * Backend push over a JSON channel ({@code skein:push} by default): scripts and jobs in any language
 * {@code PUBLISH} a small JSON message and every node delivers it to its own matching clients. May use
 * {@code socket}, {@code cluster}, {@code metrics} and {@code protocol}.
 */
package dev.skein.push;
