package io.netzer.app;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Renders the RDATA of an answer as text into a {@link DnsMessage}'s buffer (RFC 1035 section 3.3, RFC 3596
 * for AAAA, RFC 5952 for the IPv6 text form, RFC 3597 section 5 for types rendered generically).
 */
final class DnsRdata {
    static final int TYPE_A = 1;
    static final int TYPE_NS = 2;
    static final int TYPE_CNAME = 5;
    static final int TYPE_PTR = 12;
    static final int TYPE_MX = 15;
    static final int TYPE_TXT = 16;
    static final int TYPE_AAAA = 28;

    private static final int IPV4_LENGTH = 4;
    private static final int IPV6_LENGTH = 16;
    private static final int IPV6_GROUPS = 8;
    private static final int MX_PREFERENCE_LENGTH = 2;

    private DnsRdata() {
    }

    /** Writes the data; false with {@code out.malformation} set when it does not fit its type. */
    static boolean render(MemorySegment segment, long message, long messageEnd, int type, long data, int length,
            DnsMessage out) {
        long dataEnd = data + length;
        return switch (type) {
            case TYPE_A -> length == IPV4_LENGTH ? ipv4(segment, data, out) : bad(out);
            case TYPE_AAAA -> length == IPV6_LENGTH ? ipv6(segment, data, out) : bad(out);
            case TYPE_CNAME, TYPE_NS, TYPE_PTR -> name(segment, message, messageEnd, data, dataEnd, out);
            case TYPE_MX -> length > MX_PREFERENCE_LENGTH ? mx(segment, message, messageEnd, data, dataEnd, out)
                    : bad(out);
            case TYPE_TXT -> txt(segment, data, dataEnd, out);
            default -> generic(segment, data, length, out);
        };
    }

    private static boolean ipv4(MemorySegment segment, long data, DnsMessage out) {
        for (int i = 0; i < IPV4_LENGTH; i++) {
            if (i > 0) {
                out.put('.');
            }
            appendDecimal(Wire.u8(segment, data + i), out);
        }
        return true;
    }

    /** RFC 5952 section 4: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
    private static boolean ipv6(MemorySegment segment, long data, DnsMessage out) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < IPV6_GROUPS; ) {
            int run = 0;
            while (i + run < IPV6_GROUPS && Wire.u16(segment, data + 2L * (i + run)) == 0) {
                run++;
            }
            if (run > bestLength) {
                bestStart = i;
                bestLength = run;
            }
            i += Math.max(run, 1);
        }
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                out.put(':');
                out.put(':');
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                out.put(':');
            }
            appendHex(Wire.u16(segment, data + 2L * i), out);
        }
        return true;
    }

    private static boolean name(MemorySegment segment, long message, long messageEnd, long data, long dataEnd,
            DnsMessage out) {
        long after = DnsNames.read(segment, message, messageEnd, data, out);
        if (after < 0) {
            return false;
        }
        return after == dataEnd || bad(out);
    }

    private static boolean mx(MemorySegment segment, long message, long messageEnd, long data, long dataEnd,
            DnsMessage out) {
        appendDecimal(Wire.u16(segment, data), out);
        out.put(' ');
        return name(segment, message, messageEnd, data + MX_PREFERENCE_LENGTH, dataEnd, out);
    }

    /** Each character-string quoted, {@code "} and {@code \} escaped, separated by spaces (RFC 1035 5.1). */
    private static boolean txt(MemorySegment segment, long data, long dataEnd, DnsMessage out) {
        for (long p = data; p < dataEnd; ) {
            int length = Wire.u8(segment, p++);
            if (p + length > dataEnd) {
                return bad(out);
            }
            if (p > data + 1) {
                out.put(' ');
            }
            out.put('"');
            for (long i = p; i < p + length; i++) {
                DnsNames.appendEscaped(Wire.u8(segment, i), '"', out);
            }
            out.put('"');
            p += length;
        }
        return true;
    }

    private static boolean generic(MemorySegment segment, long data, int length, DnsMessage out) {
        out.put('\\');
        out.put('#');
        out.put(' ');
        appendDecimal(length, out);
        if (length > 0) {
            out.put(' ');
        }
        for (int i = 0; i < length; i++) {
            int b = Wire.u8(segment, data + i);
            out.put(Character.forDigit(b >>> 4, 16));
            out.put(Character.forDigit(b & 0xf, 16));
        }
        return true;
    }

    private static void appendDecimal(int value, DnsMessage out) {
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.put((char) ('0' + value / divisor % 10));
        }
    }

    private static void appendHex(int value, DnsMessage out) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = (value >>> shift) & 0xf;
            if (digit != 0 || started || shift == 0) {
                out.put(Character.forDigit(digit, 16));
                started = true;
            }
        }
    }

    private static boolean bad(DnsMessage out) {
        out.malformation = Malformation.DNS_BAD_RDATA;
        return false;
    }
}
