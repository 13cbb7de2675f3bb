package dev.skein.routing.config;

/** How Skein reaches a service. */
public enum Protocol {
    /** One POST per event; the JSON answer becomes the acknowledgement. */
    HTTP,
    /** One WebSocket per client and service; frames both ways. */
    WEBSOCKET
}
