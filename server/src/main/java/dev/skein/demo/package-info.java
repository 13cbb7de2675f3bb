/**
 * The demo application behind the web page: the event set of the classic Flask-SocketIO example, so
 * that its test page works unchanged. Uses only the public API of {@code socket}, and {@code auth}'s room
 * authorizer: the node that runs it hands it its main namespace and the authorizer.
 */
package dev.skein.demo;
