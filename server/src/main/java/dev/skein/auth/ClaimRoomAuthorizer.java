package dev.skein.auth;

import dev.skein.socket.Socket;
import java.util.Objects;

/** Allows the rooms that a claim's patterns match; see {@link RoomAuthorizer#fromClaim}. */
final class ClaimRoomAuthorizer implements RoomAuthorizer {
    private final String claimName;

    ClaimRoomAuthorizer(String claimName) {
        this.claimName = Objects.requireNonNull(claimName, "claimName");
    }

    @Override
    public boolean allows(Socket socket, String room) {
        return Claims.from(socket)
                .map(claims -> claims.strings(claimName).stream().anyMatch(p -> matches(p, room)))
                .orElse(false);
    }

    /**
     * Whether {@code pattern} ({@code *}: any characters, anything else literal) matches all of {@code text}.
     * Greedy with one backtrack point: O(pattern × text) at worst, never exponential.
     */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return "RoomAuthorizer[claim " + claimName + "]";
    }
}
