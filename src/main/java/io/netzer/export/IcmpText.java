package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.IcmpHeader;
import io.netzer.dissect.Packet;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The ICMP and ICMPv6 part of a text line in tcpdump's words (print-icmp.c, print-icmp6.c), written into a
 * caller's char array without allocating: {@code echo request, id 8339, seq 1, length 64};
 * {@code 172.16.0.2 udp port 33446 unreachable, length 36} (the destination and port read from the quoted header);
 * {@code redirect 10.3.71.7 to host 10.2.99.98}; {@code neighbor solicitation, who has fe80::1};
 * {@code multicast listener report v2, 4 group record(s)}. The length is the ICMP message's as the IP header
 * declares it, header included, as tcpdump counts it. Unknown types print {@code type N, code N}.
 */
final class IcmpText {
    private static final int QUOTED_IPV4_MIN = 20;
    private static final int QUOTED_IPV6_LENGTH = 40;
    private static final int IPV6_ADDRESS = 16;
    private static final int GATEWAY_OFFSET = 4;
    private static final int MTU_OFFSET = 6;
    /** Type, code, checksum and the four bytes every message has after them. */
    private static final int HEADER_LENGTH = 8;

    private IcmpText() {
    }

    /** Writes the ICMP description and its length; returns the position after it. */
    static int write(Packet packet, Dissector d, char[] out, int position) {
        IcmpHeader icmp = d.icmp();
        MemorySegment segment = packet.segment();
        position = icmp.isVersion6() ? version6(icmp, segment, out, position) : version4(icmp, segment, out, position);
        position = text(", length ", out, position);
        return AddressFormat.decimal(messageLength(d), out, position);
    }

    /** The ICMP message's length as the IP header declares it (tcpdump's), not bounded by what was captured. */
    private static long messageLength(Dissector d) {
        if (d.has(Dissector.IPV4)) {
            return Math.max(0, d.ipv4().totalLength() - d.ipv4().headerLength());
        }
        return Math.max(0, d.ipv6().payloadLengthField() - (d.ipv6().upperOffset() - QUOTED_IPV6_LENGTH));
    }

    private static int version4(IcmpHeader icmp, MemorySegment segment, char[] out, int position) {
        int type = icmp.type();
        int code = icmp.code();
        long body = icmp.bodyOffset();
        int quoted = icmp.bodyLength();
        boolean whole = icmp.length() >= HEADER_LENGTH;
        return switch (type) {
            case 0, 8 -> echo(icmp, type == 8 ? "echo request" : "echo reply", out, position);
            case 3 -> unreachable(code, segment, body, quoted, out, position);
            case 4 -> text("source quench", out, position);
            case 5 -> {
                if (!whole) {
                    yield typeAndCode(type, code, out, position);
                }
                position = text(code == 0 || code == 1 ? "redirect " : "redirect-tos ", out, position);
                position = quotedDestination(segment, body, quoted, out, position);
                position = text(code == 0 || code == 2 ? " to net " : " to host ", out, position);
                long gateway = body - HEADER_LENGTH + GATEWAY_OFFSET;
                yield AddressFormat.ipv4(Wire.u16(segment, gateway) << 16 | Wire.u16(segment, gateway + 2), out,
                        position);
            }
            case 9 -> text("router advertisement", out, position);
            case 10 -> text("router solicitation", out, position);
            case 11 -> text(code == 1 ? "ip reassembly time exceeded" : "time exceeded in-transit", out, position);
            case 12 -> text("parameter problem", out, position);
            case 13, 14 -> echo(icmp, type == 13 ? "time stamp query" : "time stamp reply", out, position);
            case 15, 16 -> text(type == 15 ? "information request" : "information reply", out, position);
            case 17 -> text("address mask request", out, position);
            case 18 -> {
                if (icmp.length() < HEADER_LENGTH + 4) {
                    yield text("address mask reply", out, position);
                }
                position = text("address mask is 0x", out, position);
                position = AddressFormat.hex(Wire.u16(segment, body), 4, out, position);
                yield AddressFormat.hex(Wire.u16(segment, body + 2), 4, out, position);
            }
            default -> typeAndCode(type, code, out, position);
        };
    }

    /** Destination unreachable, as print-icmp.c words each code. */
    private static int unreachable(int code, MemorySegment segment, long body, int quoted, char[] out,
            int position) {
        if (quoted < QUOTED_IPV4_MIN) {
            position = text("unreachable code ", out, position);
            return AddressFormat.decimal(code, out, position);
        }
        int protocol = Wire.u8(segment, body + 9);
        switch (code) {
            case 0, 6, 9, 11 -> position = text("net ", out, position);
            case 1, 7, 10, 12, 13, 14, 15 -> position = text("host ", out, position);
            default -> { }
        }
        position = quotedDestination(segment, body, quoted, out, position);
        switch (code) {
            case 2 -> {
                position = text(" protocol ", out, position);
                position = AddressFormat.decimal(protocol, out, position);
                return text(" unreachable", out, position);
            }
            case 3 -> {
                int headerLength = (Wire.u8(segment, body) & 0x0f) * 4;
                position = text(protocol == EtherTypes.PROTO_TCP ? " tcp port "
                        : protocol == EtherTypes.PROTO_UDP ? " udp port " : " port ", out, position);
                if (quoted >= headerLength + 4) {
                    position = AddressFormat.decimal(Wire.u16(segment, body + headerLength + 2), out, position);
                }
                return text(" unreachable", out, position);
            }
            case 4 -> {
                position = text(" unreachable - need to frag (mtu ", out, position);
                position = AddressFormat.decimal(Wire.u16(segment, body - HEADER_LENGTH + MTU_OFFSET), out, position);
                return text(")", out, position);
            }
            case 5 -> {
                return text(" unreachable - source route failed", out, position);
            }
            case 6, 7 -> {
                return text(" unreachable - unknown", out, position);
            }
            case 9, 10, 13 -> {
                return text(code == 13 ? " unreachable - admin prohibited filter"
                        : " unreachable - admin prohibited", out, position);
            }
            case 11, 12 -> {
                return text(" unreachable - tos prohibited", out, position);
            }
            case 14 -> {
                return text(" unreachable - host precedence violation", out, position);
            }
            case 15 -> {
                return text(" unreachable - precedence cutoff", out, position);
            }
            default -> {
                return text(" unreachable", out, position);
            }
        }
    }

    private static int quotedDestination(MemorySegment segment, long body, int quoted, char[] out, int position) {
        if (quoted < QUOTED_IPV4_MIN) {
            return text("?", out, position);
        }
        return AddressFormat.ipv4(Wire.u16(segment, body + 16) << 16 | Wire.u16(segment, body + 18), out, position);
    }

    private static int version6(IcmpHeader icmp, MemorySegment segment, char[] out, int position) {
        int type = icmp.type();
        int code = icmp.code();
        long body = icmp.bodyOffset();
        int quoted = icmp.bodyLength();
        boolean whole = icmp.length() >= HEADER_LENGTH;
        return switch (type) {
            case 1 -> {
                position = text("destination unreachable, ", out, position);
                position = text(switch (code) {
                    case 0 -> "unreachable route ";
                    case 1 -> "unreachable prohibited ";
                    case 2 -> "beyond scope ";
                    case 3 -> "unreachable address ";
                    case 4 -> "unreachable port, ";
                    default -> "unknown code ";
                }, out, position);
                if (quoted < QUOTED_IPV6_LENGTH) {
                    yield text("?", out, position);
                }
                position = AddressFormat.ipv6(segment, body + 24, out, position);
                int next = Wire.u8(segment, body + 6);
                if (code == 4 && (next == EtherTypes.PROTO_UDP || next == EtherTypes.PROTO_TCP)
                        && quoted >= QUOTED_IPV6_LENGTH + 4) {
                    position = text(next == EtherTypes.PROTO_UDP ? " udp port " : " tcp port ", out, position);
                    position = AddressFormat.decimal(Wire.u16(segment, body + QUOTED_IPV6_LENGTH + 2), out, position);
                }
                yield position;
            }
            case 2 -> {
                if (!whole) {
                    yield typeAndCode(type, code, out, position);
                }
                position = text("packet too big, mtu ", out, position);
                yield AddressFormat.decimal(Integer.toUnsignedLong(Wire.u16(segment, body - 4) << 16
                        | Wire.u16(segment, body - 2)), out, position);
            }
            case 3 -> text(code == 1 ? "time exceeded in-transit, reassembly" : "time exceeded in-transit",
                    out, position);
            case 4 -> text("parameter problem", out, position);
            case 128, 129 -> echo(icmp, type == 128 ? "echo request" : "echo reply", out, position);
            case 130 -> text(quoted >= 20 ? "multicast listener query v2" : "multicast listener query", out,
                    position);
            case 131 -> text("multicast listener report", out, position);
            case 132 -> text("multicast listener done", out, position);
            case 133 -> text("router solicitation", out, position);
            case 134 -> text("router advertisement", out, position);
            case 135, 136 -> {
                position = text(type == 135 ? "neighbor solicitation, who has " : "neighbor advertisement, tgt is ",
                        out, position);
                yield quoted >= IPV6_ADDRESS ? AddressFormat.ipv6(segment, body, out, position)
                        : text("?", out, position);
            }
            case 137 -> {
                position = text("redirect, ", out, position);
                if (quoted < 2 * IPV6_ADDRESS) {
                    yield text("?", out, position);
                }
                position = AddressFormat.ipv6(segment, body + IPV6_ADDRESS, out, position);
                position = text(" to ", out, position);
                yield AddressFormat.ipv6(segment, body, out, position);
            }
            case 143 -> {
                if (!whole) {
                    yield typeAndCode(type, code, out, position);
                }
                position = text("multicast listener report v2, ", out, position);
                position = AddressFormat.decimal(Wire.u16(segment, body - 2), out, position);
                yield text(" group record(s)", out, position);
            }
            default -> typeAndCode(type, code, out, position);
        };
    }

    private static int echo(IcmpHeader icmp, String name, char[] out, int position) {
        position = text(name, out, position);
        if (icmp.length() >= HEADER_LENGTH) {
            position = text(", id ", out, position);
            position = AddressFormat.decimal(icmp.identifier(), out, position);
            position = text(", seq ", out, position);
            position = AddressFormat.decimal(icmp.sequenceNumber(), out, position);
        }
        return position;
    }

    private static int typeAndCode(int type, int code, char[] out, int position) {
        position = text("type ", out, position);
        position = AddressFormat.decimal(type, out, position);
        position = text(", code ", out, position);
        return AddressFormat.decimal(code, out, position);
    }
}
