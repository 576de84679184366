package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.Packet;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * {@code -vv}: the Internet checksums (RFC 1071) of the IPv4 header and of TCP, UDP, ICMP and ICMPv6 (with the
 * RFC 793 / RFC 768 / RFC 8200 section 8.1 pseudo-headers) verified, each written in tcpdump's TCP form:
 * {@code tcp cksum 0x1c60 (correct)} or {@code tcp cksum 0x0001 (incorrect -> 0x1c60)}, the value after the
 * arrow being the checksum the sender should have written; a UDP datagram over IPv4 without one is
 * {@code udp cksum none}. As in tcpdump, a transport checksum is checked only when the whole segment was captured
 * and the packet is not a fragment. Only the text sink calls it, and only under {@code -vv}: the packet path
 * without it does no summing.
 */
final class ChecksumText {
    private static final int IPV4_CHECKSUM_OFFSET = 10;
    private static final int IPV4_SOURCE_OFFSET = 12;
    private static final int TCP_CHECKSUM_OFFSET = 16;
    private static final int UDP_CHECKSUM_OFFSET = 6;
    private static final int ICMP_CHECKSUM_OFFSET = 2;
    private static final int IPV6_SOURCE_TO_HEADER = 8;

    private ChecksumText() {
    }

    /** Writes the checksums of the packet's IP header and transport, if it has them; returns the position after. */
    static int write(Packet packet, Dissector d, char[] out, int position) {
        boolean v4 = d.has(Dissector.IPV4);
        if (!v4 && !d.has(Dissector.IPV6)) {
            return position;
        }
        MemorySegment segment = packet.segment();
        long captureEnd = packet.offset() + packet.capturedLength();
        int ipPayload = v4 ? d.ipv4().payloadLength() : d.ipv6().upperLength();
        long transport = v4 ? d.payloadOffset() - (ipPayload - d.payloadLength())
                : d.ipv6().sourceAddressOffset() - IPV6_SOURCE_TO_HEADER + d.ipv6().upperOffset();
        if (v4) {
            long header = transport - d.ipv4().headerLength();
            if (header >= packet.offset()) {
                int headerLength = d.ipv4().headerLength();
                int sum = fold(sum(segment, header, headerLength, 0));
                position = verdict("ip", Wire.u16(segment, header + IPV4_CHECKSUM_OFFSET), sum, out, position);
            }
        }
        boolean fragment = v4 ? d.ipv4().moreFragments() || d.ipv4().fragmentOffset() != 0 : d.ipv6().isFragment();
        if (fragment || transport + ipPayload > captureEnd) {
            return position;
        }
        String name;
        int checksumOffset;
        boolean pseudoHeader = true;
        if (d.has(Dissector.TCP)) {
            name = "tcp";
            checksumOffset = TCP_CHECKSUM_OFFSET;
        } else if (d.has(Dissector.UDP)) {
            name = "udp";
            checksumOffset = UDP_CHECKSUM_OFFSET;
            if (v4 && Wire.u16(segment, transport + checksumOffset) == 0) {
                return text(" udp cksum none", out, position);
            }
        } else if (d.has(Dissector.ICMP)) {
            name = v4 ? "icmp" : "icmp6";
            checksumOffset = ICMP_CHECKSUM_OFFSET;
            pseudoHeader = !v4;
        } else {
            return position;
        }
        long sum = sum(segment, transport, ipPayload, 0);
        if (pseudoHeader) {
            int protocol = v4 ? d.ipProtocol() : d.ipv6().upperProtocol();
            sum = v4 ? sum(segment, transport - d.ipv4().headerLength() + IPV4_SOURCE_OFFSET, 8, sum)
                    : sum(segment, d.ipv6().sourceAddressOffset(), 32, sum);
            sum += protocol + (ipPayload >>> 16) + (ipPayload & 0xffff);
        }
        return verdict(name, Wire.u16(segment, transport + checksumOffset), fold(sum), out, position);
    }

    /**
     * {@code name cksum 0xFIELD (correct)}, or {@code (incorrect -> 0xRIGHT)} where RIGHT is the field that
     * would have summed to all ones.
     */
    private static int verdict(String name, int field, int folded, char[] out, int position) {
        position = text(" ", out, position);
        position = text(name, out, position);
        position = AddressFormat.hex(field, 4, out, text(" cksum 0x", out, position));
        if (folded == 0xffff) {
            return text(" (correct)", out, position);
        }
        // The sum without the field, complemented: what the field should have been (RFC 1624 arithmetic).
        int right = ~fold((~field & 0xffff) + (long) folded) & 0xffff;
        position = AddressFormat.hex(right, 4, out, text(" (incorrect -> 0x", out, position));
        return text(")", out, position);
    }

    /** The one's-complement sum of {@code length} bytes (an odd last byte padded with zero), added to {@code sum}. */
    private static long sum(MemorySegment segment, long at, int length, long sum) {
        long end = at + length;
        for (; at + 1 < end; at += 2) {
            sum += Wire.u16(segment, at);
        }
        if (at < end) {
            sum += Wire.u8(segment, at) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
