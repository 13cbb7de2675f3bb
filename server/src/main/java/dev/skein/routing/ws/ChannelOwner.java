package dev.skein.routing.ws;

/** What a channel tells the service that owns it. Called on the channel's event loop. */
interface ChannelOwner {
    /** The service sent a text frame. */
    void received(BackendChannel channel, String text);

    /** The service sent a frame that is not taken ({@code reason}). */
    void refused(BackendChannel channel, String reason);

    /** The channel is gone. */
    void ended(BackendChannel channel);
}
