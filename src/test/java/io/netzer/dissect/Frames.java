package io.netzer.dissect;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Hand-built headers for the {@link Dissector} tests, each field commented once here, and a set of whole valid
 * frames (one per link type and layer) that the fuzz and allocation tests start from.
 */
final class Frames {
    static final long DESTINATION_MAC = 0x0200_0000_0002L;
    static final long SOURCE_MAC = 0xf48e_38aa_bbccL;
    static final int ICMP_ECHO_REQUEST = 8;
    static final int ICMPV6_ECHO_REQUEST = 128;
    static final int HOP_BY_HOP = 0;
    static final int FRAGMENT = 44;
    static final int DESTINATION_OPTIONS = 60;

    /** A whole frame and the link type it is read with. */
    record Frame(String name, int linkType, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Frames() {
    }

    static Bytes ethernet(int etherType) {
        return Bytes.bytes()
                .mac(DESTINATION_MAC)  // destination MAC
                .mac(SOURCE_MAC)       // source MAC, high bit set
                .u16(etherType);       // EtherType
    }

    /** An 802.1Q/802.1ad tag body; the TPID is the EtherType before it. */
    static Bytes vlan(int vlanId, int etherType) {
        return Bytes.bytes()
                .u16(0x2000 | vlanId)  // TCI: PCP 1, DEI 0, VLAN id
                .u16(etherType);       // encapsulated EtherType
    }

    static Bytes mpls(int label, boolean bottom) {
        return Bytes.bytes()
                .u32((long) label << 12 | (bottom ? 0x100 : 0) | 64);  // label (20 bits), TC 0, S, TTL 64
    }

    static Bytes sllV1(int protocol) {
        return Bytes.bytes()
                .u16(0)                // packet type: to us
                .u16(1)                // ARPHRD_ETHER
                .u16(6)                // link-layer address length
                .mac(SOURCE_MAC)       // source MAC
                .u16(0)                // address padding to 8 bytes
                .u16(protocol);        // protocol (EtherType)
    }

    static Bytes sllV2(int protocol, long interfaceIndex) {
        return Bytes.bytes()
                .u16(protocol)         // protocol (EtherType)
                .u16(0)                // reserved
                .u32(interfaceIndex)   // interface index
                .u16(1)                // ARPHRD_ETHER
                .u8(4)                 // packet type: outgoing
                .u8(6)                 // link-layer address length
                .mac(SOURCE_MAC)       // source MAC
                .u16(0);               // address padding to 8 bytes
    }

    static Bytes loopbackLittleEndian(long family) {
        return Bytes.bytes().u32LittleEndian(family);  // address family, little-endian host
    }

    static Bytes loopbackBigEndian(long family) {
        return Bytes.bytes().u32(family);  // address family, big-endian host
    }

    static Bytes arpRequest() {
        return Bytes.bytes()
                .u16(1)                // hardware type: Ethernet
                .u16(0x0800)           // protocol type: IPv4
                .u8(6)                 // hardware address length
                .u8(4)                 // protocol address length
                .u16(1)                // operation: request
                .mac(SOURCE_MAC)       // sender MAC
                .ip("192.0.2.1")       // sender IP
                .mac(0)                // target MAC: unknown
                .ip("192.0.2.254");    // target IP
    }

    static Bytes ipv4(int protocol, int payloadLength) {
        return ipv4Fragment(protocol, payloadLength, 0x4000);  // DF, offset 0
    }

    /** An outer IPv4 header between two tunnel endpoints. */
    static Bytes ipv4Outer(int protocol, int payloadLength, String source, String destination) {
        return Bytes.bytes()
                .u8(0x45)                   // version 4, IHL 5
                .u8(0)                      // TOS
                .u16(20 + payloadLength)    // total length
                .u16(0x1111)                // identification
                .u16(0)                     // no flags, offset 0
                .u8(64)                     // TTL
                .u8(protocol)               // protocol
                .u16(0)                     // checksum (not verified)
                .ip(source)                 // source
                .ip(destination);           // destination
    }

    /** An outer IPv6 header between two tunnel endpoints. */
    static Bytes ipv6Outer(int nextHeader, int payloadLength, String source, String destination) {
        return Bytes.bytes()
                .u32(0x6000_0000L)          // version 6, traffic class 0, flow label 0
                .u16(payloadLength)         // payload length
                .u8(nextHeader)             // next header
                .u8(64)                     // hop limit
                .ip(source)                 // source
                .ip(destination);           // destination
    }

    /** A UDP header from {@code sourcePort} to a tunnel's port. */
    static Bytes udpTo(int sourcePort, int destinationPort, int payloadLength) {
        return Bytes.bytes()
                .u16(sourcePort)            // source port: the flow hash the sender chose
                .u16(destinationPort)       // destination port: the tunnel's
                .u16(8 + payloadLength)     // length
                .u16(0);                    // checksum: none
    }

    /** A VXLAN header with the I flag and {@code vni}. */
    static Bytes vxlan(long vni) {
        return Bytes.bytes()
                .u8(0x08)                   // flags: I (VNI valid)
                .zeros(3)                   // reserved
                .u32(vni << 8);             // VNI, reserved byte
    }

    /** A Geneve header with {@code optionWords} words of one option (class 0x0102, type 0x80). */
    static Bytes geneve(long vni, int protocol, int optionWords) {
        Bytes header = Bytes.bytes()
                .u8(optionWords)            // version 0, options length in 4-byte words
                .u8(0)                      // flags: none
                .u16(protocol)              // protocol type
                .u32(vni << 8);             // VNI, reserved byte
        if (optionWords > 0) {
            header.u16(0x0102)              // option class
                    .u8(0x80)               // option type (critical bit set)
                    .u8(optionWords - 1)    // option data length in words
                    .fill((optionWords - 1) * 4, 0xaa);  // option data
        }
        return header;
    }

    /** A GRE header with the given flag bits (C, K, S) and their fields. */
    static Bytes gre(int flags, int protocol, long key) {
        Bytes header = Bytes.bytes()
                .u16(flags)                 // flags, version 0
                .u16(protocol);             // protocol type
        if ((flags & GreHeader.CHECKSUM_PRESENT) != 0) {
            header.u16(0).u16(0);           // checksum (not verified), reserved
        }
        if ((flags & GreHeader.KEY_PRESENT) != 0) {
            header.u32(key);                // key
        }
        if ((flags & GreHeader.SEQUENCE_PRESENT) != 0) {
            header.u32(7);                  // sequence number
        }
        return header;
    }

    /** An ERSPAN type II header (after GRE with a sequence number): version 1, VLAN 0, session 5. */
    static Bytes erspanTypeTwo() {
        return Bytes.bytes()
                .u16(0x1000)                // version 1, VLAN 0
                .u16(0x0005)                // COS, encapsulation, truncated bits 0, session id 5
                .u32(0);                    // reserved, index
    }

    /** Ethernet, outer IPv4 from 10.0.0.1 to 10.0.0.2, UDP to {@code port}, VXLAN, then {@code inner}. */
    static Bytes vxlanFrame(int port, long vni, Bytes inner) {
        byte[] tail = vxlan(vni).then(ethernet(0x0800)).then(inner).array();
        return ethernet(0x0800).then(ipv4Outer(17, 8 + tail.length, "10.0.0.1", "10.0.0.2"))
                .then(udpTo(40001, port, tail.length)).raw(tail);
    }

    /** An IPv4 header with the given flags and fragment offset word. */
    static Bytes ipv4Fragment(int protocol, int payloadLength, int flagsAndOffset) {
        return Bytes.bytes()
                .u8(0x45)                   // version 4, IHL 5
                .u8(0)                      // TOS
                .u16(20 + payloadLength)    // total length
                .u16(0xabcd)                // identification
                .u16(flagsAndOffset)        // flags and fragment offset
                .u8(64)                     // TTL
                .u8(protocol)               // protocol
                .u16(0)                     // checksum (not verified)
                .ip("192.0.2.1")            // source
                .ip("198.51.100.2");        // destination
    }

    static Bytes ipv6(int nextHeader, int payloadLength) {
        return Bytes.bytes()
                .u32(0x6000_0000L)          // version 6, traffic class 0, flow label 0
                .u16(payloadLength)         // payload length
                .u8(nextHeader)             // next header
                .u8(64)                     // hop limit
                .ip("2001:db8::1")          // source
                .ip("2001:db8::2");         // destination
    }

    static Bytes ipv6Fragment(int nextHeader, int offsetUnits, boolean more, long identification) {
        return Bytes.bytes()
                .u8(nextHeader)                        // next header
                .u8(0)                                 // reserved
                .u16(offsetUnits << 3 | (more ? 1 : 0)) // fragment offset, M flag
                .u32(identification);                  // identification
    }

    /** An 8-byte Hop-by-Hop or Destination Options header of PadN. */
    static Bytes ipv6Options(int nextHeader) {
        return Bytes.bytes()
                .u8(nextHeader)             // next header
                .u8(0)                      // length: (0 + 1) * 8 bytes
                .hex("01 04 00000000");     // option: PadN with 4 bytes
    }

    static Bytes tcp(int flags) {
        return Bytes.bytes()
                .u16(49152)                 // source port: above 32767
                .u16(443)                   // destination port
                .u32(0x8000_0001L)          // sequence number: above 2^31
                .u32(0)                     // acknowledgment number
                .u8(0x50)                   // data offset 5
                .u8(flags)                  // flags
                .u16(65535)                 // window
                .u16(0)                     // checksum
                .u16(0);                    // urgent pointer
    }

    /** A SYN with MSS, SACK-permitted, timestamps and window scale: 40 bytes. */
    static Bytes tcpSynWithOptions() {
        return tcp(TcpHeader.SYN)
                .set8(12, 0xa0)             // data offset 10: 20 option bytes
                .hex("02 04 05b4")          // MSS 1460
                .hex("04 02")               // SACK permitted
                .hex("08 0a 00000001 00000000")  // timestamps: TSval 1, TSecr 0
                .hex("01")                  // NOP
                .hex("03 03 07");           // window scale 7
    }

    static Bytes udp(int payloadLength) {
        return Bytes.bytes()
                .u16(53000)                 // source port: above 32767
                .u16(53)                    // destination port
                .u16(8 + payloadLength)     // length
                .u16(0);                    // checksum: none
    }

    static Bytes icmpEcho(int type) {
        return Bytes.bytes()
                .u8(type)                   // type: echo request (8, or 128 for ICMPv6)
                .u8(0)                      // code
                .u16(0)                     // checksum
                .u16(0x1234)                // identifier
                .u16(1);                    // sequence number
    }

    static Bytes ipv4Tcp(int payload) {
        return ipv4(6, 20 + payload).then(tcp(TcpHeader.ACK | TcpHeader.PSH)).payload(payload);
    }

    static Bytes ipv4Udp(int payload) {
        return ipv4(17, 8 + payload).then(udp(payload)).payload(payload);
    }

    static Bytes ipv4Icmp(int payload) {
        return ipv4(1, 8 + payload).then(icmpEcho(ICMP_ECHO_REQUEST)).payload(payload);
    }

    static Bytes ipv6Tcp(int payload) {
        return ipv6(6, 20 + payload).then(tcp(TcpHeader.ACK)).payload(payload);
    }

    static Bytes ipv6Udp(int payload) {
        return ipv6(17, 8 + payload).then(udp(payload)).payload(payload);
    }

    static Bytes ipv6Icmp(int payload) {
        return ipv6(58, 8 + payload).then(icmpEcho(ICMPV6_ECHO_REQUEST)).payload(payload);
    }

    /** One valid frame for every link type and every layer the dissector decodes. */
    static List<Frame> valid() {
        return List.of(
                new Frame("ethernet ipv4 tcp", LinkType.ETHERNET, ethernet(0x0800).then(ipv4Tcp(10)).array()),
                new Frame("ethernet ipv4 tcp syn options", LinkType.ETHERNET, ethernet(0x0800)
                        .then(ipv4(6, 40)).then(tcpSynWithOptions()).array()),
                new Frame("ethernet ipv4 udp padded", LinkType.ETHERNET, ethernet(0x0800).then(ipv4Udp(2))
                        .zeros(16).array()),
                new Frame("ethernet ipv4 icmp", LinkType.ETHERNET, ethernet(0x0800).then(ipv4Icmp(32)).array()),
                new Frame("ethernet ipv6 tcp", LinkType.ETHERNET, ethernet(0x86dd).then(ipv6Tcp(5)).array()),
                new Frame("ethernet ipv6 udp", LinkType.ETHERNET, ethernet(0x86dd).then(ipv6Udp(12)).array()),
                new Frame("ethernet ipv6 icmpv6", LinkType.ETHERNET, ethernet(0x86dd).then(ipv6Icmp(8)).array()),
                new Frame("ethernet ipv6 hop-by-hop fragment udp", LinkType.ETHERNET, ethernet(0x86dd)
                        .then(ipv6(HOP_BY_HOP, 8 + 8 + 8 + 4)).then(ipv6Options(FRAGMENT))
                        .then(ipv6Fragment(17, 0, true, 0x8000_0000L)).then(udp(4)).payload(4).array()),
                new Frame("ethernet arp", LinkType.ETHERNET, ethernet(0x0806).then(arpRequest()).zeros(18).array()),
                new Frame("ethernet 802.1ad 802.1q ipv4 udp", LinkType.ETHERNET, ethernet(0x88a8)
                        .then(vlan(100, 0x8100)).then(vlan(200, 0x0800)).then(ipv4Udp(4)).array()),
                new Frame("ethernet mpls ipv4 udp", LinkType.ETHERNET, ethernet(0x8847).then(mpls(16, false))
                        .then(mpls(17, true)).then(ipv4Udp(4)).array()),
                new Frame("ethernet ipv4 fragment", LinkType.ETHERNET, ethernet(0x0800)
                        .then(ipv4Fragment(6, 16, 0x0003)).payload(16).array()),
                new Frame("sll ipv4 tcp", LinkType.LINUX_SLL, sllV1(0x0800).then(ipv4Tcp(3)).array()),
                new Frame("sll2 ipv6 udp", LinkType.LINUX_SLL2, sllV2(0x86dd, 2).then(ipv6Udp(3)).array()),
                new Frame("null ipv4 icmp", LinkType.NULL, loopbackLittleEndian(2).then(ipv4Icmp(4)).array()),
                new Frame("null ipv6 tcp", LinkType.NULL, loopbackBigEndian(30).then(ipv6Tcp(4)).array()),
                new Frame("raw ipv4 udp", LinkType.RAW, ipv4Udp(4).array()),
                new Frame("raw ipv6 icmpv6", LinkType.RAW_BSD, ipv6Icmp(4).array()),
                new Frame("raw ipv4 tcp", LinkType.RAW_OPENBSD, ipv4Tcp(4).array()),
                new Frame("ppp ipv4 tcp", LinkType.PPP, ppp(0x0021, ipv4Tcp(2))),
                new Frame("c-hdlc ipv6 udp", LinkType.C_HDLC, Bytes.bytes().hex("0f 00 86dd").then(ipv6Udp(2))
                        .array()),
                new Frame("raw ipv4 only", LinkType.IPV4, ipv4Icmp(2).array()),
                new Frame("raw ipv6 only", LinkType.IPV6, ipv6Tcp(2).array()),
                new Frame("pppoe ipv4 udp", LinkType.ETHERNET, ethernet(0x8864).hex("11 00 1234 0016 0021")
                        .then(ipv4Udp(0)).array()),
                new Frame("vxlan ipv4 tcp", LinkType.ETHERNET, vxlanFrame(VxlanHeader.PORT, 42, ipv4Tcp(6)).array()),
                new Frame("ipip ipv4 udp", LinkType.ETHERNET, ethernet(0x0800)
                        .then(ipv4Outer(4, 20 + 8 + 4, "10.0.0.1", "10.0.0.2")).then(ipv4Udp(4)).array()),
                new Frame("gre key ipv6 tcp", LinkType.ETHERNET, ethernet(0x0800)
                        .then(ipv4Outer(47, 8 + 40 + 20 + 2, "10.0.0.1", "10.0.0.2"))
                        .then(gre(GreHeader.KEY_PRESENT, 0x86dd, 9)).then(ipv6Tcp(2)).array()));
    }

    /** PPP in HDLC-like framing with {@code protocol}, then {@code payload}. */
    static byte[] ppp(int protocol, Bytes payload) {
        return Bytes.bytes()
                .u8(0xff)                   // address: all stations
                .u8(0x03)                   // control: unnumbered information
                .u16(protocol)              // protocol
                .then(payload).array();
    }

    /** A packet view over exactly these bytes. */
    static Packet packet(int linkType, byte[] bytes) {
        return new Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length, bytes.length,
                0, linkType, 0, 1);
    }

    static Packet packet(int linkType, Bytes bytes) {
        return packet(linkType, bytes.array());
    }
}
