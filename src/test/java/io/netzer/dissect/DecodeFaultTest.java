package io.netzer.dissect;

import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.ipv4;
import static io.netzer.dissect.Frames.ipv4Outer;
import static io.netzer.dissect.Frames.ipv6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detail of a decode fault, as etherparse's {@code LenError} carries it: for a cut or malformed frame of each
 * layer, the layer where the decode stopped, where that layer starts in the frame, and for a length fault the bytes
 * it required and the bytes there were. Expected values follow from how each frame is built: a header's offset is
 * the lengths of the headers before it; the lengths are the header's size (or what its own fields declare) and
 * what the capture or the datagram left of it.
 */
class DecodeFaultTest {
    private static final int HOP_BY_HOP = 0;
    private static final int NONE = -1;

    private final Dissector dissector = new Dissector();

    /** A faulty frame and the detail it must give; lengths of -1 mean the fault has none. */
    record Case(String name, int linkType, byte[] frame, DecodeStatus status, DecodeLayer layer, long offset,
            int required, int actual) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case fault(String name, Bytes frame, DecodeStatus status, DecodeLayer layer, long offset,
            int required, int actual) {
        return new Case(name, LinkType.ETHERNET, frame.array(), status, layer, offset, required, actual);
    }

    private static Case fault(String name, int linkType, byte[] frame, DecodeStatus status, DecodeLayer layer,
            long offset, int required, int actual) {
        return new Case(name, linkType, frame, status, layer, offset, required, actual);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Link layers: each header starts the frame.
                fault("ethernet cut at 13 bytes", LinkType.ETHERNET, ethernet(0x0800).array(13),
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.ETHERNET, 0, 14, 13),
                fault("linux cooked v1 cut at 15 bytes", LinkType.LINUX_SLL, Frames.sllV1(0x0800).array(15),
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.LINUX_SLL, 0, 16, 15),
                fault("linux cooked v2 cut at 19 bytes", LinkType.LINUX_SLL2, Frames.sllV2(0x0800, 1).array(19),
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.LINUX_SLL2, 0, 20, 19),
                fault("loopback cut at 3 bytes", LinkType.NULL, Frames.loopbackBigEndian(2).array(3),
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.LOOPBACK, 0, 4, 3),
                fault("ppp in hdlc framing cut inside a two-byte protocol", LinkType.PPP,
                        Bytes.bytes().hex("ff 03 00").array(),  // address, control, first protocol byte (even)
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.PPP, 0, 4, 3),
                fault("ppp in hdlc framing with no protocol byte", LinkType.PPP,
                        Bytes.bytes().hex("ff 03").array(),  // address, control; the capture ends
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.PPP, 0, 3, 2),
                fault("cisco hdlc cut at 3 bytes", LinkType.C_HDLC, Bytes.bytes().hex("0f 00 08").array(),
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.CISCO_HDLC, 0, 4, 3),
                fault("raw ip with nothing captured", LinkType.RAW, new byte[0],
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.IP, 0, 1, 0),
                fault("raw ip of version 5", LinkType.RAW, Bytes.bytes().u8(0x55).zeros(19).array(),
                        DecodeStatus.BAD_IP_VERSION, DecodeLayer.IP, 0, NONE, NONE),
                fault("unsupported link type 105 (802.11)", 105, Frames.ipv4Udp(0).array(),
                        DecodeStatus.UNSUPPORTED_LINK_TYPE, DecodeLayer.LINK, 0, NONE, NONE),
                // Between link and network: after the 14-byte Ethernet header.
                fault("vlan tag cut after 2 bytes", ethernet(0x8100).u16(100),
                        DecodeStatus.TRUNCATED_VLAN_TAG, DecodeLayer.VLAN, 14, 4, 2),
                fault("nine stacked vlan tags", DissectorMalformedTest.nineVlanTags(),
                        DecodeStatus.TOO_MANY_VLAN_TAGS, DecodeLayer.VLAN, 14 + 8 * 4, NONE, NONE),
                fault("mpls label cut after 2 bytes", ethernet(0x8847).u16(0x0001),
                        DecodeStatus.TRUNCATED_MPLS_LABEL, DecodeLayer.MPLS, 14, 4, 2),
                fault("nine mpls labels", DissectorMalformedTest.nineMplsLabels(),
                        DecodeStatus.TOO_MANY_MPLS_LABELS, DecodeLayer.MPLS, 14 + 8 * 4, NONE, NONE),
                fault("pppoe session header cut at 6 bytes", ethernet(0x8864)
                        .hex("11 00 0001 0002"),  // version 1 type 1, code 0, session 1, length 2; no protocol
                        DecodeStatus.TRUNCATED_PPPOE, DecodeLayer.PPPOE, 14, 8, 6),
                fault("pppoe version 2", ethernet(0x8864)
                        .hex("21 00 0001 0002 0021"),  // version 2 type 1, code 0, session 1, length 2, IPv4
                        DecodeStatus.BAD_PPPOE_VERSION, DecodeLayer.PPPOE, 14, NONE, NONE),
                // ARP
                fault("arp fixed part cut at 7 bytes", ethernet(0x0806).raw(Frames.arpRequest().array(7)),
                        DecodeStatus.TRUNCATED_ARP, DecodeLayer.ARP, 14, 8, 7),
                fault("arp addresses cut at 27 bytes", ethernet(0x0806).raw(Frames.arpRequest().array(27)),
                        DecodeStatus.TRUNCATED_ARP, DecodeLayer.ARP, 14, 8 + 2 * (6 + 4), 27),
                // IPv4
                fault("ipv4 absent after its ethertype", ethernet(0x0800),
                        DecodeStatus.TRUNCATED_IPV4, DecodeLayer.IPV4, 14, 20, 0),
                fault("ipv4 fixed header cut at 19 bytes", ethernet(0x0800).raw(Frames.ipv4Udp(0).array(19)),
                        DecodeStatus.TRUNCATED_IPV4, DecodeLayer.IPV4, 14, 20, 19),
                fault("ipv4 ihl 4 cut at 12 bytes", ethernet(0x0800).raw(Frames.ipv4Udp(0)
                        .set8(0, 0x44)     // version 4, IHL 4
                        .array(12)),
                        DecodeStatus.TRUNCATED_IPV4, DecodeLayer.IPV4, 14, 20, 12),
                fault("ipv4 ihl 15 with 20 bytes captured", ethernet(0x0800).then(ipv4(17, 40)
                        .set8(0, 0x4f)),   // version 4, IHL 15: 60 bytes declared
                        DecodeStatus.TRUNCATED_IPV4, DecodeLayer.IPV4, 14, 60, 20),
                fault("ipv4 ihl 4", ethernet(0x0800).then(Frames.ipv4Udp(0)
                        .set8(0, 0x44)),   // version 4, IHL 4: 16 bytes
                        DecodeStatus.BAD_IPV4_HEADER_LENGTH, DecodeLayer.IPV4, 14, 20, 16),
                fault("ipv4 total length 19 below the header", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(2, 19)),    // total length 19
                        DecodeStatus.BAD_IPV4_TOTAL_LENGTH, DecodeLayer.IPV4, 14, 20, 19),
                fault("version 6 under ethertype ipv4", ethernet(0x0800).then(Frames.ipv6Udp(0)),
                        DecodeStatus.BAD_IP_VERSION, DecodeLayer.IPV4, 14, NONE, NONE),
                // IPv6: extension headers start after the 40-byte fixed header.
                fault("ipv6 absent after its ethertype", ethernet(0x86dd),
                        DecodeStatus.TRUNCATED_IPV6, DecodeLayer.IPV6, 14, 40, 0),
                fault("ipv6 fixed header cut at 39 bytes", ethernet(0x86dd).raw(Frames.ipv6Udp(0).array(39)),
                        DecodeStatus.TRUNCATED_IPV6, DecodeLayer.IPV6, 14, 40, 39),
                fault("ipv6 extension cut after its next header", ethernet(0x86dd).then(ipv6(HOP_BY_HOP, 8))
                        .u8(17),           // next header UDP; the capture ends before the length
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, DecodeLayer.IPV6_EXTENSION, 14 + 40, 2, 1),
                fault("ipv6 extension length beyond the capture", ethernet(0x86dd).then(ipv6(HOP_BY_HOP, 32))
                        .u8(17).u8(3)      // next header UDP; length (3 + 1) * 8 = 32, of which 8 are captured
                        .zeros(6),         // options
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, DecodeLayer.IPV6_EXTENSION, 14 + 40, 32, 8),
                fault("ipv6 extension length beyond the payload length", ethernet(0x86dd).then(ipv6(HOP_BY_HOP, 8))
                        .u8(17).u8(1)      // next header UDP; length 16, where the payload length says 8
                        .zeros(30),        // captured bytes the payload length does not cover
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, DecodeLayer.IPV6_EXTENSION, 14 + 40, 16, 8),
                fault("ipv6 chain cut inside its second header", ethernet(0x86dd).then(ipv6(HOP_BY_HOP, 16))
                        .then(Frames.ipv6Options(Frames.FRAGMENT))
                        .hex("11 00 00"),  // Fragment: next header, reserved, half the offset; the capture ends
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, DecodeLayer.IPV6_EXTENSION, 14 + 40 + 8, 8, 3),
                fault("ipv6 loop of 200 hop-by-hop headers", DissectorMalformedTest.hopByHopLoop(200),
                        DecodeStatus.TOO_MANY_IPV6_EXTENSIONS, DecodeLayer.IPV6_EXTENSION,
                        14 + 40 + Ipv6Header.MAX_EXTENSION_HEADERS * 8, NONE, NONE),
                // Transport: after 14 + 20 (IPv4) or 14 + 40 (IPv6).
                fault("tcp header cut at 19 bytes", ethernet(0x0800).raw(Frames.ipv4Tcp(0).array(39)),
                        DecodeStatus.TRUNCATED_TCP, DecodeLayer.TCP, 34, 20, 19),
                fault("tcp data offset 15 past the capture", ethernet(0x0800).then(Frames.ipv4Tcp(4)
                        .set8(32, 0xf0)),  // data offset 15: 60 bytes declared, 24 captured
                        DecodeStatus.TRUNCATED_TCP, DecodeLayer.TCP, 34, 60, 24),
                fault("tcp header past the ipv4 total length", ethernet(0x0800).then(Frames.ipv4Tcp(20)
                        .set16(2, 30)),    // total length 30: the datagram ends 10 bytes into the TCP header
                        DecodeStatus.TRUNCATED_TCP, DecodeLayer.TCP, 34, 20, 10),
                fault("tcp data offset 4", ethernet(0x0800).then(Frames.ipv4Tcp(4)
                        .set8(32, 0x40)),  // data offset 4: 16 bytes
                        DecodeStatus.BAD_TCP_DATA_OFFSET, DecodeLayer.TCP, 34, 20, 16),
                fault("tcp header cut under ipv6", ethernet(0x86dd).raw(Frames.ipv6Tcp(0).array(50)),
                        DecodeStatus.TRUNCATED_TCP, DecodeLayer.TCP, 54, 20, 10),
                fault("tcp header cut behind a vlan tag", ethernet(0x8100).then(Frames.vlan(5, 0x0800))
                        .raw(Frames.ipv4Tcp(0).array(39)),
                        DecodeStatus.TRUNCATED_TCP, DecodeLayer.TCP, 14 + 4 + 20, 20, 19),
                fault("udp header cut at 7 bytes", ethernet(0x0800).raw(Frames.ipv4Udp(0).array(27)),
                        DecodeStatus.TRUNCATED_UDP, DecodeLayer.UDP, 34, 8, 7),
                fault("udp length 7", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(24, 7)),    // UDP length 7
                        DecodeStatus.BAD_UDP_LENGTH, DecodeLayer.UDP, 34, 8, 7),
                fault("icmp cut at 3 bytes", ethernet(0x0800).raw(Frames.ipv4Icmp(0).array(23)),
                        DecodeStatus.TRUNCATED_ICMP, DecodeLayer.ICMP, 34, 4, 3),
                fault("icmpv6 cut at 3 bytes", ethernet(0x86dd).raw(Frames.ipv6Icmp(0).array(43)),
                        DecodeStatus.TRUNCATED_ICMP, DecodeLayer.ICMPV6, 54, 4, 3),
                // Tunnels: offsets count from the outer frame's first byte.
                fault("ethernet inside vxlan cut at 10 bytes", ethernet(0x0800)
                        .then(ipv4Outer(17, 8 + 8 + 10, "10.0.0.1", "10.0.0.2"))
                        .then(Frames.udpTo(40001, VxlanHeader.PORT, 8 + 10)).then(Frames.vxlan(1)).zeros(10),
                        DecodeStatus.TRUNCATED_LINK_HEADER, DecodeLayer.ETHERNET, 14 + 20 + 8 + 8, 14, 10),
                fault("tcp inside vxlan cut at 19 bytes", LinkType.ETHERNET,
                        cut(Frames.vxlanFrame(VxlanHeader.PORT, 42, Frames.ipv4Tcp(0)).array(), 1),
                        DecodeStatus.TRUNCATED_TCP, DecodeLayer.TCP, 14 + 20 + 8 + 8 + 14 + 20, 20, 19),
                fault("four nested ip-in-ip tunnels", ipInIp(4),
                        DecodeStatus.TOO_MANY_TUNNELS, DecodeLayer.TUNNEL, 14 + 4 * 20, NONE, NONE));
    }

    /** IPv4 and UDP inside {@code levels} IP-in-IP headers, each at 20 bytes from the one before. */
    private static Bytes ipInIp(int levels) {
        byte[] packet = Frames.ipv4Udp(0).array();
        for (int i = 0; i < levels; i++) {
            packet = ipv4Outer(4, packet.length, "10.0.0.1", "10.0.0.2").raw(packet).array();
        }
        return ethernet(0x0800).raw(packet);
    }

    private static byte[] cut(byte[] frame, int bytes) {
        return Arrays.copyOf(frame, frame.length - bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldGiveTheLayerItsOffsetAndTheLengthsOfTheFault(Case c) {
        dissector.dissect(Frames.packet(c.linkType(), c.frame()));

        assertEquals(c.status().code(), dissector.status(), () -> "status " + DecodeStatus.fromCode(
                dissector.status()));
        assertEquals(c.layer(), dissector.faultLayer());
        assertEquals(c.offset(), dissector.faultOffset(), "offset");
        assertEquals(c.required(), dissector.faultRequiredLength(), "required");
        assertEquals(c.actual(), dissector.faultActualLength(), "actual");
        assertEquals(c.required() >= 0, c.status().isLengthFault());
    }

    @Test
    void shouldCountTheOffsetFromTheFrameNotTheBuffer() {
        byte[] frame = ethernet(0x0800).raw(Frames.ipv4Udp(0).array(27)).array();
        byte[] buffer = new byte[100 + frame.length];
        System.arraycopy(frame, 0, buffer, 100, frame.length);

        dissector.dissect(new Packet().wrap(MemorySegment.ofArray(buffer), 100, frame.length,
                frame.length, 0, LinkType.ETHERNET, 0, 1));

        assertEquals(DecodeLayer.UDP, dissector.faultLayer());
        assertEquals(34, dissector.faultOffset());
    }

    @Test
    void shouldForgetTheFaultOnTheNextWholePacket() {
        dissector.dissect(Frames.packet(LinkType.ETHERNET, ethernet(0x0800).raw(Frames.ipv4Udp(0).array(27))));
        dissector.dissect(Frames.packet(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4Udp(0))));

        assertEquals(0, dissector.status());
        assertNull(dissector.faultLayer());
    }
}
