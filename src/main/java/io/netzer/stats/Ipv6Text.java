package io.netzer.stats;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** RFC 5952 text for the full form {@link java.net.Inet6Address#getHostAddress()} gives ({@code 2001:db8:0:0:0:0:0:1}). */
final class Ipv6Text {
    private Ipv6Text() {
    }

    /**
     * An address as text: dotted quad for IPv4 (4 bytes, or 16 of an IPv4-mapped address), RFC 5952 for IPv6.
     *
     * @param raw 4 or 16 bytes, network order
     */
    static String address(byte[] raw) {
        try {
            // InetAddress turns an IPv4-mapped address into its IPv4 form.
            String text = InetAddress.getByAddress(raw).getHostAddress();
            return text.contains(":") ? compress(text) : text;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + raw.length, e);
        }
    }

    /** Lowercase, no leading zeros, the longest run of two or more zero groups as {@code ::} (the first if tied). */
    static String compress(String full) {
        String[] groups = full.split(":", -1);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            if (Integer.parseInt(groups[i], 16) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
        }
        return out.toString();
    }
}
