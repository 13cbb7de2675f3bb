package dev.skein.clientdemo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;

/**
 * Keeps the cookies the server side sets, above all a load balancer's stickiness cookie, and sends them back
 * with every request (long-polling requests and the websocket upgrade), so that a session stays on its node.
 * In memory, for the life of the process; expired cookies are dropped.
 */
final class CookieKeeper implements CookieJar {
    private final Map<String, Cookie> cookies = new ConcurrentHashMap<>();

    @Override
    public void saveFromResponse(HttpUrl url, List<Cookie> received) {
        for (Cookie cookie : received) {
            cookies.put(cookie.domain() + cookie.path() + cookie.name(), cookie);
        }
    }

    @Override
    public List<Cookie> loadForRequest(HttpUrl url) {
        long now = System.currentTimeMillis();
        List<Cookie> matching = new ArrayList<>();
        cookies.values().removeIf(cookie -> cookie.expiresAt() < now);
        for (Cookie cookie : cookies.values()) {
            if (cookie.matches(url)) {
                matching.add(cookie);
            }
        }
        return matching;
    }
}
