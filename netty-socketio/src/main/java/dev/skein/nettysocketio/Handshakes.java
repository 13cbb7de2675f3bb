package dev.skein.nettysocketio;

import com.corundumstudio.socketio.HandshakeData;
import dev.skein.socket.Handshake;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** netty-socketio's {@link HandshakeData} from Skein's {@link Handshake}. Pure functions. */
final class Handshakes {
    private static final java.util.regex.Pattern LITERAL_V4 =
            java.util.regex.Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private Handshakes() {}

    /**
     * The handshake as netty-socketio shows it: the Engine.IO handshake's headers, query and URL, the client's
     * address (port 0: Skein keeps the address only), {@code local} as given, and whether an {@code Origin} came.
     */
    static HandshakeData of(Handshake handshake, InetSocketAddress local) {
        HttpHeaders headers = new DefaultHttpHeaders(false);
        handshake.headers().forEach(headers::add);
        Map<String, List<String>> query = new LinkedHashMap<>(handshake.query());
        String origin = handshake.header("origin");
        boolean xdomain = origin != null && !"null".equalsIgnoreCase(origin);
        return new HandshakeData(headers, query, address(handshake.address()), local, handshake.url(), xdomain);
    }

    /** The client's address as a socket address of port 0; unresolved when Skein does not know it. */
    static InetSocketAddress address(String ip) {
        if (ip == null || !(LITERAL_V4.matcher(ip).matches() || ip.indexOf(':') >= 0)) {
            return InetSocketAddress.createUnresolved(String.valueOf(ip), 0);
        }
        try {
            // a literal address: no name lookup happens
            return new InetSocketAddress(InetAddress.getByName(ip), 0);
        } catch (UnknownHostException e) {
            return InetSocketAddress.createUnresolved(ip, 0);
        }
    }
}
