package dev.skein.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Random, URL-safe identifiers, from a {@link SecureRandom}. Thread-safe. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    /** A socket id: 20 characters of base64url (120 random bits), like the official server's. */
    public static String socketId() {
        return random(15);
    }

    /** An Engine.IO session id: 20 characters of base64url (120 random bits), secret to its client. */
    public static String sessionId() {
        return random(15);
    }

    /**
     * A private session id for connection state recovery: 24 characters of base64url (144 random bits), secret
     * to its client, which sends it back to recover its socket.
     */
    public static String privateSessionId() {
        return random(18);
    }

    /** A node id: 6 characters of base64url, like the official Redis adapter's uid. */
    public static String nodeId() {
        return random(6).substring(0, 6);
    }

    private static String random(int bytes) {
        byte[] buf = new byte[bytes];
        RANDOM.nextBytes(buf);
        return ENCODER.encodeToString(buf);
    }
}
