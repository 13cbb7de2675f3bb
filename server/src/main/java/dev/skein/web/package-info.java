/**
 * The static site Skein serves beside the Engine.IO endpoint on the same port: the demo page and the
 * official browser client bundle, read once from the classpath. Depends on nothing else in Skein.
 */
package dev.skein.web;
