package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The IPv6 extension headers in tcpdump's words without {@code -v} (print-ip6.c and its helpers), in wire order,
 * each followed by a space: {@code HBH}, {@code DSTOPT}, {@code RT6 (len=2, type=0 [Deprecated], segleft=1,
 * [0]2001:db8::1)} for routing types 0 and 2, {@code frag (OFFSET|LENGTH)} with the byte offset and the bytes
 * after the fragment header as the payload length counts them. As in tcpdump the walk ends after a fragment
 * that is not the first (the rest is not decodable), at a header it does not describe here, at the end of
 * the captured bytes, or when the line has no more room. Written into the caller's char array without
 * allocating.
 */
final class Ipv6ChainText {
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int FRAGMENT_HEADER_LENGTH = 8;
    private static final int ADDRESS_LENGTH = 16;
    /** The longest text one header can take: a routing header of 127 addresses is cut off before this. */
    private static final int ROOM_PER_HEADER = 64;

    private Ipv6ChainText() {
    }

    /**
     * Writes the chain of the IPv6 header at {@code header}, stopping before {@code limit} in {@code out}.
     *
     * @param available bytes captured from the start of the IPv6 header
     */
    static int write(MemorySegment segment, long header, int available, char[] out, int position, int limit) {
        if (available < Ipv6Header.HEADER_LENGTH) {
            return position;
        }
        int declared = Wire.u16(segment, header + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        int next = Wire.u8(segment, header + Ipv6Header.NEXT_HEADER_OFFSET);
        int at = Ipv6Header.HEADER_LENGTH;
        while (available - at >= 2 && limit - position > ROOM_PER_HEADER) {
            int length = next == FRAGMENT ? FRAGMENT_HEADER_LENGTH : (Wire.u8(segment, header + at + 1) + 1) * 8;
            if (available - at < length) {
                return position;
            }
            long here = header + at;
            switch (next) {
                case HOP_BY_HOP -> position = text("HBH ", out, position);
                case DESTINATION_OPTIONS -> position = text("DSTOPT ", out, position);
                case ROUTING -> {
                    int type = Wire.u8(segment, here + 2);
                    if (type != 0 && type != 2) {
                        return position;
                    }
                    position = routing(segment, here, type, out, position, limit);
                }
                case FRAGMENT -> {
                    int fragmentOffset = Wire.u16(segment, here + 2) & 0xfff8;
                    position = text("frag (", out, position);
                    position = AddressFormat.decimal(fragmentOffset, out, position);
                    out[position++] = '|';
                    long rest = (long) Ipv6Header.HEADER_LENGTH + declared - at - FRAGMENT_HEADER_LENGTH;
                    position = AddressFormat.decimal(Math.max(0, rest), out, position);
                    out[position++] = ')';
                    out[position++] = ' ';
                    if (fragmentOffset != 0) {
                        return position;
                    }
                }
                default -> {
                    return position;
                }
            }
            next = Wire.u8(segment, here);
            at += length;
        }
        return position;
    }

    /** rt6_print for types 0 and 2: the reserved word only when set, then each address numbered. */
    private static int routing(MemorySegment segment, long here, int type, char[] out, int position, int limit) {
        int lengthField = Wire.u8(segment, here + 1);
        position = text("RT6 (len=", out, position);
        position = AddressFormat.decimal(lengthField, out, position);
        position = text(", type=", out, position);
        position = AddressFormat.decimal(type, out, position);
        if (type == 0) {
            position = text(" [Deprecated]", out, position);
        }
        position = text(", segleft=", out, position);
        position = AddressFormat.decimal(Wire.u8(segment, here + 3), out, position);
        int reserved = (int) Wire.u32(segment, here + 4);
        if (reserved != 0) {
            position = text(", rsv=0x", out, position);
            int digits = (Integer.SIZE - Integer.numberOfLeadingZeros(reserved) + 3) / 4;
            position = AddressFormat.hex(reserved, digits, out, position);
        }
        int addresses = lengthField / 2;
        for (int i = 0; i < addresses && limit - position > ROOM_PER_HEADER; i++) {
            position = text(", [", out, position);
            position = AddressFormat.decimal(i, out, position);
            out[position++] = ']';
            position = AddressFormat.ipv6(segment, here + 8 + (long) i * ADDRESS_LENGTH, out, position);
        }
        return text(") ", out, position);
    }
}
