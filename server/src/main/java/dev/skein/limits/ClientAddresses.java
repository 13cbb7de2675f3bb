package dev.skein.limits;

import dev.skein.config.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which client a request comes from, behind trusted proxies. Immutable and thread-safe.
 *
 * <p>The connection's address (the TCP peer's, or the source a PROXY protocol header gave) is the client's,
 * unless it is a trusted proxy: then {@code X-Forwarded-For} is read from the right (the entry the last
 * proxy appended) to the left, skipping trusted proxies, and the first other address is the client. When
 * every entry is a trusted proxy, the left-most is the client; an entry that is not an IP address stops the
 * walk at the trusted hop that passed it on. An untrusted peer's {@code X-Forwarded-For} is never read.
 */
public final class ClientAddresses {
    /** Entries of {@code X-Forwarded-For} read at most, from the right. */
    static final int MAX_HOPS = 16;

    private final List<Cidr> trusted;

    public ClientAddresses(List<Cidr> trustedProxies) {
        this.trusted = List.copyOf(trustedProxies);
    }

    /** Whether {@code address} is a trusted proxy. */
    public boolean trusts(InetAddress address) {
        for (Cidr block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client of a request that came over a connection from {@code connection}.
     *
     * @param forwardedFor the request's {@code X-Forwarded-For} header values, in order; empty when none
     */
    public InetAddress resolve(InetAddress connection, List<String> forwardedFor) {
        if (forwardedFor.isEmpty() || trusted.isEmpty() || !trusts(connection)) {
            return connection;
        }
        InetAddress client = connection;
        int hops = 0;
        for (int h = forwardedFor.size() - 1; h >= 0; h--) {
            String header = forwardedFor.get(h);
            int end = header.length();
            while (end > 0) {
                int comma = header.lastIndexOf(',', end - 1);
                InetAddress hop = parseHop(header.substring(comma + 1, end));
                if (hop == null || ++hops > MAX_HOPS) {
                    return client;
                }
                client = hop;
                if (!trusts(hop)) {
                    return hop;
                }
                end = comma < 0 ? 0 : comma;
            }
        }
        return client;
    }

    /**
     * The key an address is counted under by per-address limits: an IPv4 address itself, an IPv6 address's
     * /64 (one subscriber's usual allocation, so that one client cannot multiply its quota by changing its
     * interface identifier).
     */
    public static InetAddress limitKey(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One {@code X-Forwarded-For} entry: {@code 192.0.2.7}, {@code 192.0.2.7:4711}, {@code 2001:db8::1},
     * {@code [2001:db8::1]:4711}; {@code null} for anything else ({@code unknown}, obfuscated names).
     */
    static InetAddress parseHop(String entry) {
        String hop = entry.strip();
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close < 0 ? null : Cidr.parseAddress(hop.substring(1, close));
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            // IPv4 with a port
            hop = hop.substring(0, colon);
        }
        return Cidr.parseAddress(hop);
    }
}
