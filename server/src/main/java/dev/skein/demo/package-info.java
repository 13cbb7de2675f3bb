/**
 * The demo application behind the web page: the event set of the classic Flask-SocketIO example, so
 * that its test page works unchanged. Uses only the public API of {@code server} and {@code socket}.
 */
package dev.skein.demo;
