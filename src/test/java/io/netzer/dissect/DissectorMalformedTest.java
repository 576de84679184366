package io.netzer.dissect;

import static io.netzer.dissect.Dissector.ETHERNET;
import static io.netzer.dissect.Dissector.IPV4;
import static io.netzer.dissect.Dissector.IPV6;
import static io.netzer.dissect.Dissector.LINUX_COOKED;
import static io.netzer.dissect.Dissector.LOOPBACK;
import static io.netzer.dissect.Dissector.MPLS;
import static io.netzer.dissect.Dissector.TCP;
import static io.netzer.dissect.Dissector.UDP;
import static io.netzer.dissect.Dissector.VLAN;
import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.ipv4;
import static io.netzer.dissect.Frames.ipv6;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A regression table of crafted malformed packets, after gopacket's decode_oob_test: each case says the status it
 * must end with, the layers kept before the fault, and that the fault was counted once under its reason. Every
 * frame lies in a segment that ends where the capture ends, so a read past it throws and fails the case.
 */
class DissectorMalformedTest {
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;

    private final Dissector dissector = new Dissector();

    /** One crafted packet; a null status means the packet is odd but not an error. */
    record Case(String name, int linkType, byte[] frame, DecodeStatus status, int layers) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case bad(String name, Bytes frame, DecodeStatus status, int layers) {
        return new Case(name, LinkType.ETHERNET, frame.array(), status, layers);
    }

    private static Case bad(String name, int linkType, byte[] frame, DecodeStatus status, int layers) {
        return new Case(name, linkType, frame, status, layers);
    }

    private static Case odd(String name, Bytes frame, int layers) {
        return new Case(name, LinkType.ETHERNET, frame.array(), null, layers);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Link layer
                bad("ethernet header cut at 13 bytes", LinkType.ETHERNET, ethernet(0x0800).array(13),
                        DecodeStatus.TRUNCATED_LINK_HEADER, 0),
                bad("empty ethernet capture", LinkType.ETHERNET, new byte[0], DecodeStatus.TRUNCATED_LINK_HEADER, 0),
                bad("linux cooked v1 cut at 15 bytes", LinkType.LINUX_SLL, Frames.sllV1(0x0800).array(15),
                        DecodeStatus.TRUNCATED_LINK_HEADER, 0),
                bad("linux cooked v2 cut at 19 bytes", LinkType.LINUX_SLL2, Frames.sllV2(0x0800, 1).array(19),
                        DecodeStatus.TRUNCATED_LINK_HEADER, 0),
                bad("loopback cut at 3 bytes", LinkType.NULL, Frames.loopbackBigEndian(2).array(3),
                        DecodeStatus.TRUNCATED_LINK_HEADER, 0),
                bad("unsupported link type 105 (802.11)", 105, Frames.ipv4Udp(0).array(),
                        DecodeStatus.UNSUPPORTED_LINK_TYPE, 0),
                bad("unsupported link type -1", -1, new byte[0], DecodeStatus.UNSUPPORTED_LINK_TYPE, 0),
                new Case("linux cooked v1 address length 0xffff", LinkType.LINUX_SLL, Frames.sllV1(0x0800)
                        .set16(4, 0xffff)  // address length: 65535
                        .then(Frames.ipv4Udp(0)).array(), null, LINUX_COOKED | IPV4 | UDP),
                new Case("loopback family 0xffffffff", LinkType.NULL, Frames.loopbackBigEndian(0xffff_ffffL)
                        .then(Frames.ipv4Udp(0)).array(), null, LOOPBACK),
                // VLAN tags and MPLS labels
                bad("vlan tag cut after 2 bytes", ethernet(0x8100).u16(100), DecodeStatus.TRUNCATED_VLAN_TAG, ETHERNET),
                bad("second vlan tag cut after 3 bytes", ethernet(0x88a8).then(Frames.vlan(1, 0x8100)).hex("0064 08"),
                        DecodeStatus.TRUNCATED_VLAN_TAG, ETHERNET | VLAN),
                bad("nine stacked vlan tags", nineVlanTags(), DecodeStatus.TOO_MANY_VLAN_TAGS, ETHERNET | VLAN),
                bad("mpls label cut after 2 bytes", ethernet(0x8847).u16(0x0001), DecodeStatus.TRUNCATED_MPLS_LABEL,
                        ETHERNET),
                bad("mpls stack cut before its bottom label", ethernet(0x8847).then(Frames.mpls(16, false)),
                        DecodeStatus.TRUNCATED_MPLS_LABEL, ETHERNET | MPLS),
                bad("nine mpls labels", nineMplsLabels(), DecodeStatus.TOO_MANY_MPLS_LABELS, ETHERNET | MPLS),
                odd("mpls bottom label with nothing after it", ethernet(0x8847).then(Frames.mpls(16, true)),
                        ETHERNET | MPLS),
                // ARP
                bad("arp fixed part cut at 7 bytes", ethernet(0x0806).raw(Frames.arpRequest().array(7)),
                        DecodeStatus.TRUNCATED_ARP, ETHERNET),
                bad("arp addresses cut at 27 bytes", ethernet(0x0806).raw(Frames.arpRequest().array(27)),
                        DecodeStatus.TRUNCATED_ARP, ETHERNET),
                bad("arp address lengths 255 and 255", ethernet(0x0806).then(Frames.arpRequest()
                        .set8(4, 0xff)     // hardware address length: 255
                        .set8(5, 0xff)),   // protocol address length: 255
                        DecodeStatus.TRUNCATED_ARP, ETHERNET),
                // IPv4
                bad("ipv4 absent after its ethertype", ethernet(0x0800), DecodeStatus.TRUNCATED_IPV4, ETHERNET),
                bad("ipv4 fixed header cut at 19 bytes", ethernet(0x0800).raw(Frames.ipv4Udp(0).array(19)),
                        DecodeStatus.TRUNCATED_IPV4, ETHERNET),
                bad("ipv4 ihl 0", ethernet(0x0800).then(Frames.ipv4Udp(0)
                        .set8(0, 0x40)),   // version 4, IHL 0
                        DecodeStatus.BAD_IPV4_HEADER_LENGTH, ETHERNET),
                bad("ipv4 ihl 4", ethernet(0x0800).then(Frames.ipv4Udp(0)
                        .set8(0, 0x44)),   // version 4, IHL 4
                        DecodeStatus.BAD_IPV4_HEADER_LENGTH, ETHERNET),
                bad("ipv4 ihl 15 with 20 bytes captured", ethernet(0x0800).then(ipv4(17, 40)
                        .set8(0, 0x4f)),   // version 4, IHL 15: 40 option bytes never captured
                        DecodeStatus.TRUNCATED_IPV4, ETHERNET | IPV4),
                bad("ipv4 total length 19 below the header", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(2, 19)),    // total length 19
                        DecodeStatus.BAD_IPV4_TOTAL_LENGTH, ETHERNET | IPV4),
                bad("ipv4 total length 1", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(2, 1)),     // total length 1 (0 means segmentation offload)
                        DecodeStatus.BAD_IPV4_TOTAL_LENGTH, ETHERNET | IPV4),
                odd("ipv4 total length 0xffff beyond the capture", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(2, 0xffff)), // total length 65535: a snaplen cut, not an error
                        ETHERNET | IPV4 | UDP),
                bad("version 6 under ethertype ipv4", ethernet(0x0800).then(Frames.ipv6Udp(0)),
                        DecodeStatus.BAD_IP_VERSION, ETHERNET),
                bad("version 0 under ethertype ipv4", ethernet(0x0800).zeros(20), DecodeStatus.BAD_IP_VERSION,
                        ETHERNET),
                // IPv6
                bad("version 4 under ethertype ipv6", ethernet(0x86dd).then(Frames.ipv4Udp(40)),
                        DecodeStatus.BAD_IP_VERSION, ETHERNET),
                bad("ipv6 absent after its ethertype", ethernet(0x86dd), DecodeStatus.TRUNCATED_IPV6, ETHERNET),
                bad("ipv6 fixed header cut at 39 bytes", ethernet(0x86dd).raw(Frames.ipv6Udp(0).array(39)),
                        DecodeStatus.TRUNCATED_IPV6, ETHERNET),
                bad("ipv6 extension length beyond the capture", ethernet(0x86dd).then(ipv6(HOP_BY_HOP, 32))
                        .u8(17).u8(3)      // next header UDP; length (3 + 1) * 8 = 32, of which 8 are captured
                        .zeros(6),         // options
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, ETHERNET | IPV6),
                bad("ipv6 extension length field 255", ethernet(0x86dd).then(ipv6(ROUTING, 2048))
                        .u8(17).u8(0xff)   // next header UDP; length (255 + 1) * 8 = 2048
                        .zeros(14),        // routing type, segments left, data
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, ETHERNET | IPV6),
                bad("ipv6 extension length beyond the payload length", ethernet(0x86dd).then(ipv6(HOP_BY_HOP, 8))
                        .u8(17).u8(1)      // next header UDP; length 16, where the payload length says 8
                        .zeros(30),        // captured bytes the payload length does not cover
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, ETHERNET | IPV6),
                bad("ipv6 chain cut inside its second header", ethernet(0x86dd).then(ipv6(HOP_BY_HOP, 16))
                        .then(Frames.ipv6Options(Frames.FRAGMENT))
                        .hex("11 00 00"),  // Fragment: next header, reserved, half the offset; the capture ends
                        DecodeStatus.TRUNCATED_IPV6_EXTENSION, ETHERNET | IPV6),
                bad("ipv6 loop of 200 hop-by-hop headers", hopByHopLoop(200), DecodeStatus.TOO_MANY_IPV6_EXTENSIONS,
                        ETHERNET | IPV6),
                odd("ipv6 payload length 0xffff beyond the capture", ethernet(0x86dd).then(Frames.ipv6Udp(4)
                        .set16(4, 0xffff)), // payload length 65535: a snaplen cut, not an error
                        ETHERNET | IPV6 | UDP),
                // TCP
                bad("tcp data offset 0", ethernet(0x0800).then(Frames.ipv4Tcp(4)
                        .set8(32, 0x00)),  // data offset 0
                        DecodeStatus.BAD_TCP_DATA_OFFSET, ETHERNET | IPV4 | TCP),
                bad("tcp data offset 4", ethernet(0x0800).then(Frames.ipv4Tcp(4)
                        .set8(32, 0x40)),  // data offset 4
                        DecodeStatus.BAD_TCP_DATA_OFFSET, ETHERNET | IPV4 | TCP),
                bad("tcp header cut at 19 bytes", ethernet(0x0800).raw(Frames.ipv4Tcp(0).array(39)),
                        DecodeStatus.TRUNCATED_TCP, ETHERNET | IPV4),
                bad("tcp data offset 15 past the capture", ethernet(0x0800).then(Frames.ipv4Tcp(4)
                        .set8(32, 0xf0)),  // data offset 15: 40 option bytes, 4 captured
                        DecodeStatus.TRUNCATED_TCP, ETHERNET | IPV4 | TCP),
                bad("tcp header past the ipv4 total length", ethernet(0x0800).then(Frames.ipv4Tcp(20)
                        .set16(2, 30)),    // total length 30: the datagram ends inside the TCP header
                        DecodeStatus.TRUNCATED_TCP, ETHERNET | IPV4),
                bad("tcp header cut under ipv6", ethernet(0x86dd).raw(Frames.ipv6Tcp(0).array(50)),
                        DecodeStatus.TRUNCATED_TCP, ETHERNET | IPV6),
                odd("tcp option of length 0", ethernet(0x0800).then(ipv4(6, 24)).then(Frames.tcp(TcpHeader.SYN)
                        .set8(12, 0x60)    // data offset 6
                        .hex("fd 00 0000")), // kind 253, length 0, padding
                        ETHERNET | IPV4 | TCP),
                // UDP
                bad("udp header cut at 7 bytes", ethernet(0x0800).raw(Frames.ipv4Udp(0).array(27)),
                        DecodeStatus.TRUNCATED_UDP, ETHERNET | IPV4),
                bad("udp length 7", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(24, 7)),    // UDP length 7
                        DecodeStatus.BAD_UDP_LENGTH, ETHERNET | IPV4 | UDP),
                bad("udp length 0", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(24, 0)),    // UDP length 0
                        DecodeStatus.BAD_UDP_LENGTH, ETHERNET | IPV4 | UDP),
                odd("udp length 0xffff", ethernet(0x0800).then(Frames.ipv4Udp(4)
                        .set16(24, 0xffff)), // UDP length 65535
                        ETHERNET | IPV4 | UDP),
                // ICMP
                bad("icmp cut at 3 bytes", ethernet(0x0800).raw(Frames.ipv4Icmp(0).array(23)),
                        DecodeStatus.TRUNCATED_ICMP, ETHERNET | IPV4),
                bad("icmp absent", ethernet(0x0800).then(ipv4(1, 0)), DecodeStatus.TRUNCATED_ICMP, ETHERNET | IPV4),
                bad("icmpv6 cut at 3 bytes", ethernet(0x86dd).raw(Frames.ipv6Icmp(0).array(43)),
                        DecodeStatus.TRUNCATED_ICMP, ETHERNET | IPV6));
    }

    static Bytes nineVlanTags() {
        Bytes frame = ethernet(0x8100);
        for (int i = 1; i <= 9; i++) {
            frame.then(Frames.vlan(i, i < 9 ? 0x8100 : 0x0800));  // tag i, then another tag until the ninth
        }
        return frame.then(Frames.ipv4Udp(0));
    }

    static Bytes nineMplsLabels() {
        Bytes frame = ethernet(0x8847);
        for (int i = 1; i <= 9; i++) {
            frame.then(Frames.mpls(i, i == 9));  // bottom of stack only on the ninth
        }
        return frame.then(Frames.ipv4Udp(0));
    }

    static Bytes hopByHopLoop(int headers) {
        Bytes frame = ethernet(0x86dd).then(ipv6(HOP_BY_HOP, headers * 8));
        for (int i = 0; i < headers; i++) {
            frame.then(Frames.ipv6Options(HOP_BY_HOP));  // each one names Hop-by-Hop as the next
        }
        return frame;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldCountTheFaultAndKeepTheLayersBeforeIt(Case c) {
        Packet packet = Frames.packet(c.linkType(), c.frame());

        int status = assertDoesNotThrow(() -> dissector.dissect(packet), () -> Bytes.hex(c.frame()));

        int expected = c.status() == null ? 0 : c.status().code();
        assertEquals(expected, status, () -> "status " + (status < 0 ? DecodeStatus.fromCode(status) : "0"));
        assertEquals(expected, dissector.status());
        assertEquals(c.layers(), dissector.layers(), () -> "layers " + Integer.toBinaryString(dissector.layers()));
        for (DecodeStatus reason : DecodeStatus.values()) {
            assertEquals(reason == c.status() ? 1 : 0, dissector.errors(reason), reason.reason());
        }
        assertEquals(1, dissector.packets());
    }

    @Test
    void shouldBoundThePayloadByTheCaptureWhenTheTotalLengthIsAtItsMaximum() {
        Bytes frame = ethernet(0x0800).then(Frames.ipv4Udp(4).set16(2, 0xffff));  // IPv4 total length 65535

        dissector.dissect(Frames.packet(LinkType.ETHERNET, frame));

        assertEquals(8 + 4, dissector.ipv4().payloadLength());
        assertEquals(4, dissector.payloadLength());
        assertEquals(frame.length(), dissector.payloadOffset() + dissector.payloadLength());
    }

    @Test
    void shouldStopALoopOfHopByHopHeadersAtTheCap() {
        dissector.dissect(Frames.packet(LinkType.ETHERNET, hopByHopLoop(200)));

        assertEquals(40 + Ipv6Header.MAX_EXTENSION_HEADERS * 8, dissector.ipv6().upperOffset());
        assertEquals(-1, dissector.ipProtocol());
    }

    @Test
    void shouldKeepThePortsOfATcpHeaderWithABadDataOffset() {
        dissector.dissect(Frames.packet(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4Tcp(4)
                .set8(32, 0x00))));  // data offset 0

        assertEquals(443, dissector.tcp().destinationPort());
        assertEquals(14 + 20 + 20, dissector.payloadOffset());
        assertEquals(4, dissector.payloadLength());
    }
}
