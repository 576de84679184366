package io.netzer.dissect;

import static io.netzer.dissect.Dissector.ETHERNET;
import static io.netzer.dissect.Dissector.ICMP;
import static io.netzer.dissect.Dissector.IPV4;
import static io.netzer.dissect.Dissector.IPV6;
import static io.netzer.dissect.Dissector.TCP;
import static io.netzer.dissect.Dissector.TUNNEL;
import static io.netzer.dissect.Dissector.UDP;
import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.gre;
import static io.netzer.dissect.Frames.ipv4Outer;
import static io.netzer.dissect.Frames.ipv4Tcp;
import static io.netzer.dissect.Frames.ipv4Udp;
import static io.netzer.dissect.Frames.ipv6Outer;
import static io.netzer.dissect.Frames.ipv6Tcp;
import static io.netzer.dissect.Frames.ipv6Udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tunnels taken off (VXLAN, Geneve, IP-in-IP, GRE): the layer accessors describe the inner packet, the
 * {@link TunnelStack} the outer endpoints; a malformed or unknown tunnel header leaves the outer packet as it
 * is; nesting past {@link Dissector#MAX_TUNNEL_DEPTH} is decoded as the outer packet and counted.
 */
class TunnelDecapsulationTest {
    private final DissectorFixture fixture = new DissectorFixture();
    private final Dissector dissector = fixture.dissector;
    private final TunnelStack tunnels = dissector.tunnels();

    private int dissect(Bytes frame) {
        return fixture.dissect(LinkType.ETHERNET, frame);
    }

    /** Ethernet, outer IPv4 10.0.0.1 to 10.0.0.2 carrying {@code protocol}, then {@code tail}. */
    private static Bytes overIpv4(int protocol, Bytes tail) {
        byte[] bytes = tail.array();
        return ethernet(0x0800).then(ipv4Outer(protocol, bytes.length, "10.0.0.1", "10.0.0.2")).raw(bytes);
    }

    /** Outer IPv4 UDP from port 40001 to {@code port}, then {@code tail}. */
    private static Bytes udpOverIpv4(int port, Bytes tail) {
        byte[] bytes = tail.array();
        return overIpv4(17, Frames.udpTo(40001, port, bytes.length).raw(bytes));
    }

    private void assertOuterIpv4(int level, int type, long id) {
        assertEquals(type, tunnels.type(level), "type");
        assertEquals(4, tunnels.outerVersion(level), "outer version");
        assertEquals(0x0a00_0001, Wire.i32(tunnels.segment(level), tunnels.outerSourceOffset(level)), "source");
        assertEquals(0x0a00_0002, Wire.i32(tunnels.segment(level), tunnels.outerDestinationOffset(level)),
                "destination");
        assertEquals(id, tunnels.id(level), "VNI or key");
    }

    @Test
    void shouldDecodeTheEthernetFrameInsideVxlanAsThePacket() {
        assertEquals(0, dissect(Frames.vxlanFrame(VxlanHeader.PORT, 42, ipv4Tcp(6))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | TCP);
        assertEquals(1, tunnels.depth());
        assertOuterIpv4(0, TunnelStack.VXLAN, 42);
        assertEquals(40001, tunnels.sourcePort(0));
        assertEquals(4789, tunnels.destinationPort(0));
        assertEquals(0xc000_0201, dissector.ipv4().sourceAddress());
        assertEquals(443, dissector.tcp().destinationPort());
        assertEquals(6, dissector.payloadLength());
        assertEquals(EtherTypes.IPV4, dissector.networkType());
        assertEquals(EtherTypes.PROTO_TCP, dissector.ipProtocol());
        assertEquals(Frames.SOURCE_MAC, dissector.innerEthernet().sourceMac());
    }

    @Test
    void shouldDecapsulateVxlanOnFlannelsPort() {
        assertEquals(0, dissect(Frames.vxlanFrame(VxlanHeader.LINUX_PORT, 1, ipv4Udp(3))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | UDP);
        assertEquals(8472, tunnels.destinationPort(0));
        assertEquals(53, dissector.udp().destinationPort());
    }

    @Test
    void shouldSkipGeneveOptionsByTheirLength() {
        Bytes frame = udpOverIpv4(GeneveHeader.PORT, Frames.geneve(0xabcdef, GreHeader.TRANSPARENT_ETHERNET, 3)
                .then(ethernet(0x0800)).then(ipv4Udp(5)));
        assertEquals(0, dissect(frame));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | UDP);
        assertOuterIpv4(0, TunnelStack.GENEVE, 0xabcdef);
        assertEquals(6081, tunnels.destinationPort(0));
        assertEquals(53000, dissector.udp().sourcePort());
        assertEquals(5, dissector.payloadLength());
    }

    @Test
    void shouldDecodeIpCarriedByGeneveWithoutAnEthernetHeader() {
        assertEquals(0, dissect(udpOverIpv4(GeneveHeader.PORT, Frames.geneve(7, 0x86dd, 0).then(ipv6Tcp(1)))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV6 | TCP);
        assertEquals(7, tunnels.id(0));
    }

    @Test
    void shouldDecapsulateIpv4InIpv4() {
        assertEquals(0, dissect(overIpv4(4, ipv4Udp(4))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | UDP);
        assertOuterIpv4(0, TunnelStack.IP_IN_IP, -1);
        assertEquals(-1, tunnels.sourcePort(0));
        assertEquals(0xc633_6402, dissector.ipv4().destinationAddress());
    }

    @Test
    void shouldDecapsulateIpv6InIpv4() {
        assertEquals(0, dissect(overIpv4(41, ipv6Tcp(0))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV6 | TCP);
        assertOuterIpv4(0, TunnelStack.IP_IN_IP, -1);
    }

    @Test
    void shouldDecapsulateIpv4AndIpv6InIpv6() {
        byte[] inner = ipv4Tcp(3).array();
        assertEquals(0, dissect(ethernet(0x86dd).then(ipv6Outer(4, inner.length, "fd00::1", "fd00::2"))
                .raw(inner)));
        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | TCP);
        assertEquals(6, tunnels.outerVersion(0));
        assertEquals(14 + 8, tunnels.outerSourceOffset(0));
        assertEquals(14 + 24, tunnels.outerDestinationOffset(0));

        inner = ipv6Udp(1).array();
        assertEquals(0, dissect(ethernet(0x86dd).then(ipv6Outer(41, inner.length, "fd00::1", "fd00::2"))
                .raw(inner)));
        fixture.assertDecoded(ETHERNET | TUNNEL | IPV6 | UDP);
    }

    @Test
    void shouldReadTheGreKeyPastTheChecksumAndKeepItWithTheSequenceNumber() {
        int flags = GreHeader.CHECKSUM_PRESENT | GreHeader.KEY_PRESENT | GreHeader.SEQUENCE_PRESENT;
        assertEquals(0, dissect(overIpv4(47, gre(flags, 0x0800, 0xfedc_ba98L).then(ipv4Tcp(2)))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | TCP);
        assertOuterIpv4(0, TunnelStack.GRE, 0xfedc_ba98L);
        assertEquals(2, dissector.payloadLength());
    }

    @Test
    void shouldDecodeEthernetBridgedOverGre() {
        assertEquals(0, dissect(overIpv4(47, gre(0, GreHeader.TRANSPARENT_ETHERNET, 0).then(ethernet(0x86dd))
                .then(Frames.ipv6Icmp(4)))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV6 | ICMP);
        assertOuterIpv4(0, TunnelStack.GRE, -1);
    }

    @Test
    void shouldDecodeErspanTypesOneAndTwo() {
        assertEquals(0, dissect(overIpv4(47, gre(0, GreHeader.ERSPAN, 0).then(ethernet(0x0800))
                .then(ipv4Udp(1)))));
        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | UDP);

        assertEquals(0, dissect(overIpv4(47, gre(GreHeader.SEQUENCE_PRESENT, GreHeader.ERSPAN, 0)
                .then(Frames.erspanTypeTwo()).then(ethernet(0x0800)).then(ipv4Udp(1)))));
        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | UDP);
        assertEquals(53, dissector.udp().destinationPort());
    }

    @Test
    void shouldTakeOffNestedTunnelsUpToTheCap() {
        Bytes inner = Frames.vxlanFrame(VxlanHeader.PORT, 9, ipv4Tcp(1));
        byte[] vxlanInEthernet = inner.array();
        byte[] ipAndBelow = Arrays.copyOfRange(vxlanInEthernet, 14, vxlanInEthernet.length);
        assertEquals(0, dissect(overIpv4(47, gre(GreHeader.KEY_PRESENT, 0x0800, 5).raw(ipAndBelow))));

        fixture.assertDecoded(ETHERNET | TUNNEL | IPV4 | TCP);
        assertEquals(2, tunnels.depth());
        assertEquals(TunnelStack.GRE, tunnels.type(0));
        assertEquals(5, tunnels.id(0));
        assertEquals(TunnelStack.VXLAN, tunnels.type(1));
        assertEquals(9, tunnels.id(1));
    }

    @Test
    void shouldDecodeAPacketNestedPastTheCapAsTheOuterPacketAndCountIt() {
        Bytes packet = ipv4Tcp(1);
        for (int level = 0; level <= Dissector.MAX_TUNNEL_DEPTH; level++) {
            byte[] inner = packet.array();
            packet = ipv4Outer(4, inner.length, "10.0.0.1", "10.0.0.2").raw(inner);
        }
        int status = dissect(ethernet(0x0800).then(packet));

        assertEquals(DecodeStatus.TOO_MANY_TUNNELS.code(), status);
        assertEquals(ETHERNET | IPV4, dissector.layers());
        assertEquals(0, tunnels.depth());
        assertEquals(4, dissector.ipProtocol());
        assertEquals(0x0a00_0001, dissector.ipv4().sourceAddress());
        assertEquals(1, dissector.errors(DecodeStatus.TOO_MANY_TUNNELS));
    }

    @Test
    void shouldLeaveACutVxlanHeaderAsUdp() {
        assertEquals(0, dissect(udpOverIpv4(VxlanHeader.PORT, Bytes.bytes().hex("08 00 00"))));

        fixture.assertDecoded(ETHERNET | IPV4 | UDP);
        assertEquals(0, tunnels.depth());
        assertEquals(3, dissector.payloadLength());
    }

    @Test
    void shouldLeaveGeneveOfAnotherVersionOrWithCutOptionsAsUdp() {
        assertEquals(0, dissect(udpOverIpv4(GeneveHeader.PORT, Frames.geneve(1, 0x0800, 0).set8(0, 0x40)
                .then(ipv4Udp(1)))));
        fixture.assertDecoded(ETHERNET | IPV4 | UDP);

        assertEquals(0, dissect(udpOverIpv4(GeneveHeader.PORT, Frames.geneve(1, 0x0800, 0).set8(0, 0x3f))));
        fixture.assertDecoded(ETHERNET | IPV4 | UDP);
    }

    @Test
    void shouldLeavePptpGreRoutedGreAndCutGreAsTheOuterPacket() {
        assertEquals(0, dissect(overIpv4(47, gre(0x2001, 0x880b, 0x0004_0000L))));  // version 1: PPTP
        fixture.assertDecoded(ETHERNET | IPV4);
        assertEquals(47, dissector.ipProtocol());

        assertEquals(0, dissect(overIpv4(47, gre(GreHeader.ROUTING_PRESENT, 0x0800, 0).then(ipv4Udp(1)))));
        fixture.assertDecoded(ETHERNET | IPV4);

        assertEquals(0, dissect(overIpv4(47, Bytes.bytes().hex("2000 0800 0000"))));  // K set, key cut
        fixture.assertDecoded(ETHERNET | IPV4);
    }

    @Test
    void shouldNotDecapsulateAFragment() {
        byte[] inner = ipv4Udp(4).array();
        Bytes fragment = Bytes.bytes()
                .u8(0x45).u8(0).u16(20 + inner.length)  // version, IHL, TOS, total length
                .u16(1).u16(0x2000)                     // identification, MF
                .u8(64).u8(4).u16(0)                    // TTL, protocol IP-in-IP, checksum
                .ip("10.0.0.1").ip("10.0.0.2")          // outer addresses
                .raw(inner);
        assertEquals(0, dissect(ethernet(0x0800).then(fragment)));

        fixture.assertDecoded(ETHERNET | IPV4);
        assertEquals(0, tunnels.depth());
    }

    @Test
    void shouldCountACutInnerPacketAsTheInnerPacketsTruncation() {
        byte[] inner = ipv4Tcp(0).array();
        byte[] cut = Arrays.copyOf(inner, 30);
        int status = dissect(overIpv4(4, Bytes.bytes().raw(cut)));

        assertEquals(DecodeStatus.TRUNCATED_TCP.code(), status);
        assertEquals(ETHERNET | TUNNEL | IPV4, dissector.layers());
        assertEquals(1, tunnels.depth());
    }
}
