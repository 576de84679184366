package io.netzer.export;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

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
        long high = Wire.i64(segment, offset);
        long low = Wire.i64(segment, offset + 8);
        int run = zeroRun(high, low);
        int runStart = run >> 4;
        int runLength = run & 0xf;
        for (int i = 0; i < 8; i++) {
            if (i == 6 && endsInIpv4(high, low, run)) {
                return ipv4((int) low, out, position);
            }
            if (i == runStart) {
                out[position++] = ':';
                if (i == 0) {
                    out[position++] = ':';
                }
                i += runLength - 1;
                continue;
            }
            position = hex(group(high, low, i), hexDigits(group(high, low, i)), out, position);
            if (i < 7) {
                out[position++] = ':';
            }
        }
        return position;
    }

    /**
     * The run of zero groups RFC 5952 compresses to {@code ::} in the IPv6 address whose halves are {@code high}
     * and {@code low}: the longest of two or more groups, the leftmost on a tie; as its first group shifted left by
     * four bits and its length in the low four, or -1 shifted and 1 for none (both writers of the text use it).
     */
    static int zeroRun(long high, long low) {
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int i = 0; i < 8; i++) {
            if (group(high, low, i) == 0) {
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
        return bestStart << 4 | bestLength;
    }

    /**
     * Whether the address is IPv4-compatible or IPv4-mapped ({@link #zeroRun} its run): its text ends in the dotted
     * decimal of its last four bytes, as inet_ntop writes it.
     */
    static boolean endsInIpv4(long high, long low, int run) {
        return run >> 4 == 0 && ((run & 0xf) == 6 || (run & 0xf) == 5 && group(high, low, 5) == 0xffff);
    }

    /** The 16-bit group {@code index} (0 to 7) of the IPv6 address whose halves are {@code high} and {@code low}. */
    static int group(long high, long low, int index) {
        return (int) ((index < 4 ? high : low) >>> (48 - 16 * (index & 3))) & 0xffff;
    }

    /** Hex digits of a group without its leading zeros (one for zero). */
    static int hexDigits(int group) {
        return group >= 0x1000 ? 4 : group >= 0x100 ? 3 : group >= 0x10 ? 2 : 1;
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
}
