package dev.skein.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A block of IP addresses: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address ({@code 192.0.2.7}, {@code
 * ::1}). Immutable. Parsing never asks DNS: only IP literals are accepted.
 */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = addressText(network) + "/" + prefixLength;
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code fd00::/8} or a single address; host bits below the prefix are
     * cleared.
     *
     * @throws IllegalArgumentException if {@code text} is not an IP literal with an optional prefix length
     *     that fits the address
     */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        InetAddress address = parseAddress(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        int prefix = slash < 0 ? bits : prefixOf(trimmed.substring(slash + 1), bits, text);
        for (int bit = prefix; bit < bits; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(bytes, prefix);
    }

    /**
     * The address {@code text} spells (dotted IPv4, or IPv6 without brackets or zone), or {@code null} when it
     * is not an IP literal. Never asks DNS. An IPv4-mapped IPv6 address gives its IPv4 address.
     */
    public static InetAddress parseAddress(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        // starting with a hex digit or ':' and holding a ':', the JDK reads an IPv6 literal and never asks DNS
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} is in this block; an IPv4 address is never in an IPv6 block, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF00 >>> rest) & 0xFF;
        return (bytes[whole] & mask) == (network[whole] & mask);
    }

    private static int prefixOf(String digits, int bits, String text) {
        try {
            int prefix = Integer.parseInt(digits);
            if (prefix >= 0 && prefix <= bits) {
                return prefix;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("prefix length of " + text + " is not 0.." + bits);
    }

    private static String addressText(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** {@code 10.0.0.0/8}. */
    @Override
    public String toString() {
        return text;
    }
}
