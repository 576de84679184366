package io.netzer.filter;

/** Parsing of address literals the way libpcap does it (cold path). */
final class Addresses {
    private Addresses() {
    }

    /**
     * libpcap's __pcap_atoin: one to four decimal parts; returns {value left in the low bits, bit length}
     * ({@code 10.1} is {0x0a01, 16}), or null when a part exceeds 255 or is not a number.
     */
    static long[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int n = Integer.parseInt(part);
            if (n > 255) {
                return null;
            }
            value = (value << 8) | n;
        }
        return new long[] {value, parts.length * 8L};
    }

    /** The 16 bytes of an IPv6 literal (with an optional embedded IPv4 tail), or null if it is not one. */
    static byte[] parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headWords = words(head);
        int[] tailWords = words(tail);
        if (headWords == null || tailWords == null) {
            return null;
        }
        int total = headWords.length + tailWords.length;
        if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headWords.length; i++) {
            bytes[2 * i] = (byte) (headWords[i] >> 8);
            bytes[2 * i + 1] = (byte) headWords[i];
        }
        for (int i = 0; i < tailWords.length; i++) {
            int at = 8 - tailWords.length + i;
            bytes[2 * at] = (byte) (tailWords[i] >> 8);
            bytes[2 * at + 1] = (byte) tailWords[i];
        }
        return bytes;
    }

    /** 16-bit groups separated by ':', the last of which may be a dotted IPv4 address (two groups). */
    private static int[] words(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] groups = text.split(":", -1);
        int count = groups.length;
        boolean v4Tail = groups[count - 1].indexOf('.') >= 0;
        int[] result = new int[count + (v4Tail ? 1 : 0)];
        for (int i = 0; i < count; i++) {
            String group = groups[i];
            if (v4Tail && i == count - 1) {
                long[] v4 = parseIpv4(group);
                if (v4 == null || v4[1] != 32) {
                    return null;
                }
                result[i] = (int) (v4[0] >>> 16);
                result[i + 1] = (int) (v4[0] & 0xffff);
            } else {
                if (group.isEmpty() || group.length() > 4) {
                    return null;
                }
                int value = 0;
                for (int j = 0; j < group.length(); j++) {
                    int digit = Character.digit(group.charAt(j), 16);
                    if (digit < 0) {
                        return null;
                    }
                    value = value * 16 + digit;
                }
                result[i] = value;
            }
        }
        return result;
    }

    /** Six bytes of an Ethernet address written with ':', '-' or as xxxx.xxxx.xxxx; null otherwise. */
    static byte[] parseMac(String text) {
        String hex;
        if (text.matches("[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}")) {
            hex = text.replace(".", "");
        } else {
            String[] parts = text.split("[:-]");
            if (parts.length != 6) {
                return null;
            }
            StringBuilder joined = new StringBuilder();
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 2 || !part.matches("[0-9A-Fa-f]+")) {
                    return null;
                }
                joined.append(part.length() == 1 ? "0" + part : part);
            }
            hex = joined.toString();
        }
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            mac[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return mac;
    }
}
