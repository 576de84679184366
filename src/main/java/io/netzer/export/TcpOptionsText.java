package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * TCP options in wire order and tcpdump's words (print-tcp.c), written into a caller's char array without
 * allocating: {@code mss 1460,sackOK,TS val 1057156611 ecr 0,nop,wscale 7}; {@code nop} and {@code eol} as they
 * stand (the walk ends at {@code eol}), SACK blocks as {@code sack 2 {5:9}{13:17}} (relative to the acknowledgment
 * number's base unless absolute numbers are asked), an unknown kind as {@code unknown-N} with its data in hex. A
 * length that overruns the header ends the list with {@code [bad opt]}.
 */
final class TcpOptionsText {
    private static final int EOL = 0;
    private static final int NOP = 1;
    private static final int MSS = 2;
    private static final int WSCALE = 3;
    private static final int SACK_OK = 4;
    private static final int SACK = 5;
    private static final int TIMESTAMP = 8;
    private static final int SACK_BLOCK = 8;
    private static final long MASK32 = 0xffff_ffffL;

    private TcpOptionsText() {
    }

    /**
     * Writes the options between {@code start} and {@code end}.
     *
     * @param sackBase subtracted from SACK edges (0 for absolute numbers)
     * @return the position after them
     */
    static int write(MemorySegment segment, long start, long end, long sackBase, char[] out, int position) {
        long at = start;
        boolean first = true;
        int limit = out.length - 64;
        while (at < end && position < limit) {
            if (!first) {
                out[position++] = ',';
            }
            first = false;
            int kind = Wire.u8(segment, at);
            if (kind == EOL || kind == NOP) {
                position = text(kind == EOL ? "eol" : "nop", out, position);
                at++;
                if (kind == EOL) {
                    break;
                }
                continue;
            }
            if (at + 2 > end || Wire.u8(segment, at + 1) < 2 || at + Wire.u8(segment, at + 1) > end) {
                return text("[bad opt]", out, position);
            }
            int length = Wire.u8(segment, at + 1);
            long data = at + 2;
            int dataLength = length - 2;
            switch (kind) {
                case MSS -> position = dataLength == 2
                        ? AddressFormat.decimal(Wire.u16(segment, data), out, text("mss ", out, position))
                        : text("mss", out, position);
                case WSCALE -> position = dataLength == 1
                        ? AddressFormat.decimal(Wire.u8(segment, data), out, text("wscale ", out, position))
                        : text("wscale", out, position);
                case SACK_OK -> position = text("sackOK", out, position);
                case SACK -> position = sack(segment, data, dataLength, sackBase, out, position);
                case TIMESTAMP -> {
                    position = text("TS", out, position);
                    if (dataLength == 8) {
                        position = AddressFormat.decimal(u32(segment, data), out, text(" val ", out, position));
                        position = AddressFormat.decimal(u32(segment, data + 4), out, text(" ecr ", out, position));
                    }
                }
                default -> {
                    position = AddressFormat.decimal(kind, out, text("unknown-", out, position));
                    if (dataLength > 0) {
                        out[position++] = ' ';
                    }
                    for (int i = 0; i < dataLength && position < limit; i++) {
                        position = AddressFormat.hex(Wire.u8(segment, data + i), 2, out, position);
                    }
                }
            }
            at += length;
        }
        return position;
    }

    private static int sack(MemorySegment segment, long data, int dataLength, long base, char[] out, int position) {
        position = text("sack", out, position);
        if (dataLength % SACK_BLOCK != 0) {
            return text(" invalid sack", out, position);
        }
        position = AddressFormat.decimal(dataLength / SACK_BLOCK, out, text(" ", out, position));
        out[position++] = ' ';
        for (int i = 0; i < dataLength; i += SACK_BLOCK) {
            out[position++] = '{';
            position = AddressFormat.decimal((u32(segment, data + i) - base) & MASK32, out, position);
            out[position++] = ':';
            position = AddressFormat.decimal((u32(segment, data + i + 4) - base) & MASK32, out, position);
            out[position++] = '}';
        }
        return position;
    }

    private static long u32(MemorySegment segment, long at) {
        return (long) Wire.u16(segment, at) << 16 | Wire.u16(segment, at + 2);
    }
}
