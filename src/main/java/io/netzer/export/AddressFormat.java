package io.netzer.export;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes addresses as text into a caller's char array without allocating: dotted IPv4, RFC 5952 IPv6 (lower
 * case, longest run of two or more zero groups compressed, leftmost on a tie), and colon-separated lower-case
 * MACs. Each method returns the position after what it wrote; the caller leaves room (IPv6 needs 39 chars).
 */
public final class AddressFormat {
    private static final int MAX_DIGITS = 19;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AddressFormat() {
    }

    /** Dotted decimal of an IPv4 address held in network order in an int. */
    public static int ipv4(int address, char[] out, int position) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            position = decimal((address >>> shift) & 0xff, out, position);
            if (shift > 0) {
                out[position++] = '.';
            }
        }
        return position;
    }

    /** Dotted IPv4 (4 bytes) or RFC 5952 IPv6 (16 bytes) text of an address held in an array at {@code offset}. */
    public static int ip(byte[] address, int offset, int length, char[] out, int position) {
        if (length == 4) {
            int value = (address[offset] & 0xff) << 24 | (address[offset + 1] & 0xff) << 16
                    | (address[offset + 2] & 0xff) << 8 | (address[offset + 3] & 0xff);
            return ipv4(value, out, position);
        }
        return ipv6(MemorySegment.ofArray(address), offset, out, position);
    }

    /** RFC 5952 text of the 16-byte IPv6 address at {@code offset}. */
    public static int ipv6(MemorySegment segment, long offset, char[] out, int position) {
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int i = 0; i < 8; i++) {
            if (group(segment, offset, i) == 0) {
                if (runStart < 0) {
                    runStart = i;
                }
                if (i - runStart + 1 > bestLength) {
                    bestStart = runStart;
                    bestLength = i - runStart + 1;
                }
            } else {
                runStart = -1;
            }
        }
        for (int i = 0; i < 8; i++) {
            if (i == 6 && bestStart == 0 && (bestLength == 6 || bestLength == 5 && group(segment, offset, 5) == 0xffff)) {
                // IPv4-compatible and IPv4-mapped addresses end in dotted decimal, as inet_ntop writes them.
                return ipv4(Wire.i32(segment, offset + 12), out, position);
            }
            if (i == bestStart) {
                out[position++] = ':';
                if (i == 0) {
                    out[position++] = ':';
                }
                i += bestLength - 1;
                continue;
            }
            position = hexGroup(group(segment, offset, i), out, position);
            if (i < 7) {
                out[position++] = ':';
            }
        }
        return position;
    }

    /** Lower-case, colon-separated text of a MAC held in the low 48 bits of a long. */
    public static int mac(long mac, char[] out, int position) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            int octet = (int) (mac >>> shift) & 0xff;
            out[position++] = HEX[octet >>> 4];
            out[position++] = HEX[octet & 0x0f];
            if (shift > 0) {
                out[position++] = ':';
            }
        }
        return position;
    }

    /** Copies {@code text} into {@code out} at {@code position}; returns the position after it. */
    static int text(String text, char[] out, int position) {
        text.getChars(0, text.length(), out, position);
        return position + text.length();
    }

    /** Decimal text of a non-negative value. */
    public static int decimal(long value, char[] out, int position) {
        int end = position + digitCount(value);
        if (value <= Integer.MAX_VALUE) {
            // Int division is several times cheaper than long division, and nearly every field fits.
            int v = (int) value;
            for (int i = end - 1; i >= position; i--) {
                int quotient = v / 10;
                out[i] = (char) ('0' + v - quotient * 10);
                v = quotient;
            }
        } else {
            long v = value;
            for (int i = end - 1; i >= position; i--) {
                long quotient = v / 10;
                out[i] = (char) ('0' + v - quotient * 10);
                v = quotient;
            }
        }
        return end;
    }

    private static int digitCount(long value) {
        int digits = 1;
        for (long bound = 10; digits < MAX_DIGITS && value >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    /** Hexadecimal text of {@code value} in exactly {@code digits} digits, lower case. */
    public static int hex(int value, int digits, char[] out, int position) {
        for (int i = digits - 1; i >= 0; i--) {
            out[position++] = HEX[(value >>> (i * 4)) & 0x0f];
        }
        return position;
    }

    private static int group(MemorySegment segment, long offset, int index) {
        long at = offset + index * 2L;
        return (Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, at)) << 8)
                | Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, at + 1));
    }

    private static int hexGroup(int value, char[] out, int position) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int nibble = (value >>> shift) & 0x0f;
            if (nibble != 0 || started || shift == 0) {
                out[position++] = HEX[nibble];
                started = true;
            }
        }
        return position;
    }
}
