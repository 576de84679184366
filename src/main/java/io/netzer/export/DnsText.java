package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * A DNS message over UDP or TCP in tcpdump's words (print-domain.c, without {@code -v}), written into a caller's char
 * array without allocating. A query: {@code 22836+ [1au] A? www.tcpdump.org. (56)} (id, {@code +} for recursion
 * desired, {@code %} for checking disabled, the counts of other sections, each question as {@code TYPE? name});
 * a response: {@code 22836*- 2/2/5 A 192.139.46.66, A 198.199.88.104 (224)} (id, the response code unless
 * NoError, {@code *} authoritative, {@code -} recursion not available, {@code |} truncated, {@code $} authentic
 * data, the section counts, each answer as {@code TYPE data}). Multicast DNS questions carry {@code (QU)} or
 * {@code (QM)}. A message cut short ends with {@code [|domain]}, as tcpdump's.
 *
 * <p>Names follow compression pointers at most {@link #MAX_POINTERS} times; answers stop being written when the
 * line has less than {@link #ROOM_PER_RECORD} characters left (the caller's line is bounded). One instance per
 * text sink: it keeps where the last record's text ended.
 */
final class DnsText {
    static final int MAX_POINTERS = 64;
    static final int ROOM_PER_RECORD = 600;
    private static final int HEADER_LENGTH = 12;
    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    private static final int TC = 0x0200;
    private static final int RD = 0x0100;
    private static final int RA = 0x0080;
    private static final int AD = 0x0020;
    private static final int CD = 0x0010;
    private static final int CLASS_IN = 1;
    private static final int MDNS_CLASS_FLAG = 0x8000;
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int TYPE_TXT = 16;
    private static final int TRUNCATED = -1;


    /**
     * Writes the message of a TCP segment's payload as tcpdump does (print-domain.c over TCP): a space, then the
     * summary when the 2-byte length prefix counts exactly the rest of the payload ({@code (N)} being that length),
     * or {@code [prefix length(P) != length(N)] (invalid)} when it does not (a message split over segments, or
     * several in one), {@code [DNS over TCP: length L < 2] (invalid)} for a shorter payload.
     *
     * @param available bytes of the payload captured
     * @param length    the payload's length on the wire
     */
    int writeTcp(MemorySegment segment, long offset, int available, int length, char[] out, int position) {
        if (length < 2) {
            position = text(" [DNS over TCP: length ", out, position);
            return text(" < 2] (invalid)", out, AddressFormat.decimal(length, out, position));
        }
        if (available < 2) {
            return text(" [|domain]", out, position);
        }
        int prefix = Wire.u16(segment, offset);
        if (prefix != length - 2) {
            position = AddressFormat.decimal(prefix, out, text(" [prefix length(", out, position));
            position = AddressFormat.decimal(length - 2, out, text(") != length(", out, position));
            return text(")] (invalid)", out, position);
        }
        return write(segment, offset + 2, available - 2, length - 2, false, out, text(" ", out, position));
    }

    /**
     * Writes the summary of the message at {@code offset} ({@code available} bytes captured, {@code length} as
     * UDP declares it); returns the position after it.
     */
    int write(MemorySegment segment, long offset, int available, int length, boolean multicast,
            char[] out, int position) {
        if (available < HEADER_LENGTH) {
            return text(" [|domain]", out, position);
        }
        int flags = Wire.u16(segment, offset + 2);
        int questions = Wire.u16(segment, offset + 4);
        int answers = Wire.u16(segment, offset + 6);
        int authorities = Wire.u16(segment, offset + 8);
        int additionals = Wire.u16(segment, offset + 10);
        position = AddressFormat.decimal(Wire.u16(segment, offset), out, position);
        position = opcode((flags >>> 11) & 0xf, out, position);
        long end = offset + available;
        long at = offset + HEADER_LENGTH;
        if ((flags & QR) != 0) {
            position = responseCode(flags & 0xf, out, position);
            position = flag((flags & AA) != 0, "*", out, position);
            position = flag((flags & RA) == 0, "-", out, position);
            position = flag((flags & TC) != 0, "|", out, position);
            position = flag((flags & AD) != 0, "$", out, position);
            if (questions != 1) {
                position = count(" [", questions, "q]", out, position);
            }
            for (int i = 0; i < questions && at >= 0; i++) {
                at = skipName(segment, at, end);
                at = at >= 0 && at + 4 <= end ? at + 4 : TRUNCATED;
            }
            position = count(" ", answers, "/", out, position);
            position = count("", authorities, "/", out, position);
            position = AddressFormat.decimal(additionals, out, position);
            for (int i = 0; i < answers && at >= 0; i++) {
                if (out.length - position < ROOM_PER_RECORD) {
                    break;
                }
                if (i > 0) {
                    out[position++] = ',';
                }
                at = answer(segment, offset, at, end, multicast, out, position);
                position = textEnd;
            }
        } else {
            position = flag((flags & RD) != 0, "+", out, position);
            position = flag((flags & CD) != 0, "%", out, position);
            if ((flags & 0x6cf) != 0) {
                position = text(" [b2&3=0x", out, position);
                position = AddressFormat.hex(flags, flags > 0xfff ? 4 : flags > 0xff ? 3 : 2, out, position);
                position = text("]", out, position);
            }
            if (answers != 0) {
                position = count(" [", answers, "a]", out, position);
            }
            if (questions != 1) {
                position = count(" [", questions, "q]", out, position);
            }
            if (authorities != 0) {
                position = count(" [", authorities, "n]", out, position);
            }
            if (additionals != 0) {
                position = count(" [", additionals, "au]", out, position);
            }
            for (int i = 0; i < questions && at >= 0; i++) {
                if (out.length - position < ROOM_PER_RECORD) {
                    break;
                }
                at = question(segment, offset, at, end, multicast, out, position);
                position = textEnd;
            }
        }
        if (at < 0) {
            position = text(" [|domain]", out, position);
        }
        position = text(" (", out, position);
        position = AddressFormat.decimal(length, out, position);
        return text(")", out, position);
    }

    /** Where the last record's text ended (records return where their bytes end; this holds where the text does). */
    private int textEnd;

    private long question(MemorySegment segment, long message, long at, long end, boolean multicast,
            char[] out, int position) {
        long afterName = skipName(segment, at, end);
        if (afterName < 0 || afterName + 4 > end) {
            textEnd = position;
            return TRUNCATED;
        }
        int type = Wire.u16(segment, afterName);
        int dnsClass = Wire.u16(segment, afterName + 2);
        position = text(" ", out, position);
        position = type(type, out, position);
        int plainClass = multicast ? dnsClass & ~MDNS_CLASS_FLAG : dnsClass;
        if (plainClass != CLASS_IN) {
            position = dnsClass(plainClass, out, position);
        }
        if (multicast) {
            position = text((dnsClass & MDNS_CLASS_FLAG) != 0 ? " (QU)" : " (QM)", out, position);
        }
        position = text("? ", out, position);
        textEnd = name(segment, message, at, end, out, position);
        return afterName + 4;
    }

    private long answer(MemorySegment segment, long message, long at, long end, boolean multicast,
            char[] out, int position) {
        long afterName = skipName(segment, at, end);
        if (afterName < 0 || afterName + 10 > end) {
            textEnd = position;
            return TRUNCATED;
        }
        int type = Wire.u16(segment, afterName);
        int dnsClass = Wire.u16(segment, afterName + 2);
        int dataLength = Wire.u16(segment, afterName + 8);
        long data = afterName + 10;
        if (multicast && (dnsClass & MDNS_CLASS_FLAG) != 0) {
            position = text(" (Cache flush)", out, position);
        }
        position = text(" ", out, position);
        position = type(type, out, position);
        int plainClass = multicast ? dnsClass & ~MDNS_CLASS_FLAG : dnsClass;
        if (plainClass != CLASS_IN && type != 41) {
            position = dnsClass(plainClass, out, position);
        }
        if (data + dataLength > end) {
            textEnd = position;
            return TRUNCATED;
        }
        switch (type) {
            case TYPE_A -> {
                if (dataLength == 4) {
                    position = text(" ", out, position);
                    position = AddressFormat.ipv4(Wire.u16(segment, data) << 16 | Wire.u16(segment, data + 2), out,
                            position);
                }
            }
            case TYPE_AAAA -> {
                if (dataLength == 16) {
                    position = text(" ", out, position);
                    position = AddressFormat.ipv6(segment, data, out, position);
                }
            }
            case 2, 5, 12, 39 -> position = name(segment, message, data, end, out, text(" ", out, position));
            case 15 -> {
                if (dataLength >= 3) {
                    position = name(segment, message, data + 2, end, out, text(" ", out, position));
                    position = AddressFormat.decimal(Wire.u16(segment, data), out, text(" ", out, position));
                }
            }
            case TYPE_TXT -> position = characterStrings(segment, data, data + dataLength, out, position);
            case 33 -> {
                if (dataLength >= 7) {
                    position = name(segment, message, data + 6, end, out, text(" ", out, position));
                    position = AddressFormat.decimal(Wire.u16(segment, data + 4), out, text(":", out, position));
                    position = AddressFormat.decimal(Wire.u16(segment, data), out, text(" ", out, position));
                    position = AddressFormat.decimal(Wire.u16(segment, data + 2), out, text(" ", out, position));
                }
            }
            default -> { }
        }
        textEnd = position;
        return data + dataLength;
    }

    /**
     * A TXT record's character-strings, each as {@code  "text"} in tcpdump's escapes; a string running past the
     * data ends the list (tcpdump stops there too).
     */
    private static int characterStrings(MemorySegment segment, long at, long end, char[] out, int position) {
        int limit = out.length - 64;
        while (at < end) {
            int length = Wire.u8(segment, at);
            if (at + 1 + length > end) {
                break;
            }
            position = text(" \"", out, position);
            for (long i = at + 1; i <= at + length && position < limit - 4; i++) {
                position = character(Wire.u8(segment, i), out, position);
            }
            out[position++] = '"';
            at += 1 + length;
        }
        return position;
    }

    /** The offset after the name at {@code at} (a pointer ends it), or {@link #TRUNCATED}. */
    private static long skipName(MemorySegment segment, long at, long end) {
        while (at < end) {
            int label = Wire.u8(segment, at);
            if (label == 0) {
                return at + 1;
            }
            if ((label & 0xc0) == 0xc0) {
                return at + 2 <= end ? at + 2 : TRUNCATED;
            }
            if ((label & 0xc0) != 0) {
                return TRUNCATED;
            }
            at += 1 + label;
        }
        return TRUNCATED;
    }

    /** Writes the name at {@code at} with a dot after each label ({@code .} alone for the root). */
    private static int name(MemorySegment segment, long message, long at, long end, char[] out, int position) {
        int pointers = 0;
        boolean any = false;
        int limit = out.length - 8;
        while (at < end) {
            int label = Wire.u8(segment, at);
            if (label == 0) {
                return any ? position : text(".", out, position);
            }
            if ((label & 0xc0) == 0xc0) {
                if (at + 2 > end || ++pointers > MAX_POINTERS) {
                    break;
                }
                at = message + (((label & 0x3f) << 8) | Wire.u8(segment, at + 1));
                continue;
            }
            if ((label & 0xc0) != 0 || at + 1 + label > end) {
                break;
            }
            for (int i = 1; i <= label && position < limit - 4; i++) {
                position = character(Wire.u8(segment, at + i), out, position);
            }
            if (position < limit) {
                out[position++] = '.';
            }
            any = true;
            at += 1 + label;
        }
        return text("[|domain]", out, Math.min(position, limit - 9));
    }

    /** A name's byte as tcpdump prints it: printable ASCII as is, else {@code M-} for the high bit, {@code ^X}. */
    private static int character(int c, char[] out, int position) {
        if ((c & 0x80) != 0) {
            out[position++] = 'M';
            out[position++] = '-';
            c &= 0x7f;
        }
        if (c < 0x20 || c == 0x7f) {
            out[position++] = '^';
            out[position++] = (char) (c ^ 0x40);
        } else {
            out[position++] = (char) c;
        }
        return position;
    }

    private static int opcode(int opcode, char[] out, int position) {
        return switch (opcode) {
            case 0 -> position;
            case 1 -> text(" inv_q", out, position);
            case 2 -> text(" stat", out, position);
            case 4 -> text(" notify", out, position);
            case 5 -> text(" update", out, position);
            default -> AddressFormat.decimal(opcode, out, text(" op", out, position));
        };
    }

    private static int responseCode(int code, char[] out, int position) {
        return switch (code) {
            case 0 -> position;
            case 1 -> text(" FormErr", out, position);
            case 2 -> text(" ServFail", out, position);
            case 3 -> text(" NXDomain", out, position);
            case 4 -> text(" NotImp", out, position);
            case 5 -> text(" Refused", out, position);
            case 6 -> text(" YXDomain", out, position);
            case 7 -> text(" YXRRSet", out, position);
            case 8 -> text(" NXRRSet", out, position);
            case 9 -> text(" NotAuth", out, position);
            case 10 -> text(" NotZone", out, position);
            default -> AddressFormat.decimal(code, out, text(" Resp", out, position));
        };
    }

    private static int dnsClass(int dnsClass, char[] out, int position) {
        return switch (dnsClass) {
            case 3 -> text(" CHAOS", out, position);
            case 4 -> text(" HS", out, position);
            case 255 -> text(" ANY", out, position);
            default -> text(")", out, AddressFormat.decimal(dnsClass, out, text(" (Class ", out, position)));
        };
    }

    /** tcpdump's name of a record type, or {@code TypeN}. */
    private static int type(int type, char[] out, int position) {
        String name = switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 10 -> "NULL";
            case 11 -> "WKS";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 17 -> "RP";
            case 24 -> "SIG";
            case 25 -> "KEY";
            case 28 -> "AAAA";
            case 29 -> "LOC";
            case 30 -> "NXT";
            case 33 -> "SRV";
            case 35 -> "NAPTR";
            case 37 -> "CERT";
            case 38 -> "A6";
            case 39 -> "DNAME";
            case 41 -> "OPT";
            case 43 -> "DS";
            case 44 -> "SSHFP";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 50 -> "NSEC3";
            case 51 -> "NSEC3PARAM";
            case 99 -> "SPF";
            case 249 -> "TKEY";
            case 250 -> "TSIG";
            case 251 -> "IXFR";
            case 252 -> "AXFR";
            case 253 -> "MAILB";
            case 254 -> "MAILA";
            case 255 -> "ANY";
            case 256 -> "URI";
            case 257 -> "CAA";
            default -> null;
        };
        return name != null ? text(name, out, position) : AddressFormat.decimal(type, out, text("Type", out,
                position));
    }

    private static int flag(boolean set, String text, char[] out, int position) {
        return set ? text(text, out, position) : position;
    }

    private static int count(String before, int value, String after, char[] out, int position) {
        return text(after, out, AddressFormat.decimal(value, out, text(before, out, position)));
    }
}
