package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.GreHeader;
import io.netzer.dissect.TunnelStack;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The tunnels of a text line, outermost first, each as tcpdump prints the outer packet before the inner one:
 * the outer endpoints, then the tunnel header in tcpdump's words (print-vxlan.c, print-geneve.c, print-gre.c),
 * then a colon: {@code 10.0.0.1.40001 > 10.0.0.2.4789: VXLAN, flags [I] (0x08), vni 42: }. IP-in-IP has no
 * header of its own and shows as {@code IPIP}. Written into the caller's char array without allocating.
 */
final class TunnelText {
    private static final int GRE_OPTIONAL_FIELD = 4;
    private static final int GENEVE_CONTROL = 0x80;
    private static final int GENEVE_CRITICAL = 0x40;

    private TunnelText() {
    }

    /** Writes every tunnel of the dissected packet; returns the position after the last one's {@code ": "}. */
    static int write(Dissector d, char[] out, int position) {
        TunnelStack t = d.tunnels();
        for (int level = 0; level < t.depth(); level++) {
            position = endpoint(t, level, true, out, position);
            position = text(" > ", out, position);
            position = endpoint(t, level, false, out, position);
            position = text(": ", out, position);
            MemorySegment s = t.segment(level);
            long header = t.headerOffset(level);
            switch (t.type(level)) {
                case TunnelStack.VXLAN -> {
                    int flags = Wire.u8(s, header);
                    position = text((flags & 0x08) != 0 ? "VXLAN, flags [I] (0x" : "VXLAN, flags [.] (0x", out,
                            position);
                    position = AddressFormat.hex(flags, 2, out, position);
                    position = AddressFormat.decimal(t.id(level), out, text("), vni ", out, position));
                }
                case TunnelStack.GENEVE -> {
                    int flags = Wire.u8(s, header + 1);
                    position = text("Geneve, Flags [", out, position);
                    position = text(geneveFlags(flags), out, position);
                    position = hex(t.id(level), out, text("], vni 0x", out, position));
                    int options = (Wire.u8(s, header) & 0x3f) * 4;
                    if (options > 0) {
                        position = text(" bytes]", out, AddressFormat.decimal(options, out,
                                text(", options [", out, position)));
                    }
                }
                case TunnelStack.GRE -> position = gre(t, level, out, position);
                default -> position = text("IPIP", out, position);
            }
            position = text(": ", out, position);
        }
        return position;
    }

    private static String geneveFlags(int flags) {
        boolean control = (flags & GENEVE_CONTROL) != 0;
        boolean critical = (flags & GENEVE_CRITICAL) != 0;
        return control ? (critical ? "O, C" : "O") : (critical ? "C" : "none");
    }

    /** {@code GREv0}, then the key and sequence number when present, as print-gre.c without {@code -v}. */
    private static int gre(TunnelStack t, int level, char[] out, int position) {
        MemorySegment s = t.segment(level);
        long header = t.headerOffset(level);
        int flags = Wire.u16(s, header);
        position = text("GREv0", out, position);
        if (t.id(level) >= 0) {
            position = hex(t.id(level), out, text(", key=0x", out, position));
        }
        if ((flags & GreHeader.SEQUENCE_PRESENT) != 0) {
            long at = header + GreHeader.MIN_HEADER_LENGTH;
            at += (flags & GreHeader.CHECKSUM_PRESENT) != 0 ? GRE_OPTIONAL_FIELD : 0;
            at += (flags & GreHeader.KEY_PRESENT) != 0 ? GRE_OPTIONAL_FIELD : 0;
            position = AddressFormat.decimal(Wire.u32(s, at), out, text(", seq ", out, position));
        }
        if (Wire.u16(s, header + GreHeader.PROTOCOL_TYPE_OFFSET) == GreHeader.ERSPAN) {
            position = text((flags & GreHeader.SEQUENCE_PRESENT) != 0 ? ", ERSPAN II" : ", ERSPAN I", out,
                    position);
        }
        return position;
    }

    private static int endpoint(TunnelStack t, int level, boolean source, char[] out, int position) {
        long at = source ? t.outerSourceOffset(level) : t.outerDestinationOffset(level);
        position = t.outerVersion(level) == 4 ? AddressFormat.ipv4(Wire.i32(t.segment(level), at), out, position)
                : AddressFormat.ipv6(t.segment(level), at, out, position);
        int port = source ? t.sourcePort(level) : t.destinationPort(level);
        if (port >= 0) {
            position = AddressFormat.decimal(port, out, text(".", out, position));
        }
        return position;
    }

    /** Lower-case hex without leading zeros. */
    private static int hex(long value, char[] out, int position) {
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        return AddressFormat.hex((int) value, digits, out, position);
    }
}
