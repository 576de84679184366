package io.netzer.dissect;

import static io.netzer.dissect.Dissector.ARP;
import static io.netzer.dissect.Dissector.ETHERNET;
import static io.netzer.dissect.Dissector.ICMP;
import static io.netzer.dissect.Dissector.IPV4;
import static io.netzer.dissect.Dissector.IPV6;
import static io.netzer.dissect.Dissector.TCP;
import static io.netzer.dissect.Dissector.UDP;
import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.ipv4Tcp;
import static io.netzer.dissect.Frames.ipv4Udp;
import static io.netzer.dissect.Frames.vlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Whole valid Ethernet frames through every network and transport layer: fragments, padding, snaplen. */
class DissectorTest {
    private final DissectorFixture fixture = new DissectorFixture();
    private final Dissector dissector = fixture.dissector;

    private int dissect(int linkType, Bytes frame) {
        return fixture.dissect(linkType, frame);
    }

    private void assertDecoded(int layers) {
        fixture.assertDecoded(layers);
    }

    @Test
    void shouldDecodeEthernetIpv4Tcp() {
        assertEquals(0, dissect(LinkType.ETHERNET, ethernet(0x0800).then(ipv4Tcp(10))));

        assertDecoded(ETHERNET | IPV4 | TCP);
        assertEquals(Frames.SOURCE_MAC, dissector.ethernet().sourceMac());
        assertEquals(Frames.DESTINATION_MAC, dissector.ethernet().destinationMac());
        assertEquals(EtherTypes.IPV4, dissector.networkType());
        assertEquals(EtherTypes.PROTO_TCP, dissector.ipProtocol());
        assertEquals(0xc000_0201, dissector.ipv4().sourceAddress());
        assertEquals(49152, dissector.tcp().sourcePort());
        assertEquals(443, dissector.tcp().destinationPort());
        assertEquals(0x8000_0001L, dissector.tcp().sequenceNumber());
        assertEquals(14 + 20 + 20, dissector.payloadOffset());
        assertEquals(10, dissector.payloadLength());
        assertEquals(0, dissector.vlanCount());
        assertEquals(1, dissector.packets());
    }

    @Test
    void shouldDecodeTcpOptionsInAWholeFrame() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4(6, 40)).then(Frames.tcpSynWithOptions()));

        assertDecoded(ETHERNET | IPV4 | TCP);
        assertEquals(1460, dissector.tcp().mss());
        assertEquals(7, dissector.tcp().windowScale());
        assertEquals(0, dissector.payloadLength());
    }

    @Test
    void shouldDecodeEthernetIpv4Udp() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(ipv4Udp(12)));

        assertDecoded(ETHERNET | IPV4 | UDP);
        assertEquals(EtherTypes.PROTO_UDP, dissector.ipProtocol());
        assertEquals(53000, dissector.udp().sourcePort());
        assertEquals(20, dissector.udp().length());
        assertEquals(14 + 20 + 8, dissector.payloadOffset());
        assertEquals(12, dissector.payloadLength());
    }

    @Test
    void shouldDecodeEthernetIpv4Icmp() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4Icmp(32)));

        assertDecoded(ETHERNET | IPV4 | ICMP);
        assertFalse(dissector.icmp().isVersion6());
        assertTrue(dissector.icmp().isEcho());
        assertEquals(0x1234, dissector.icmp().identifier());
        assertEquals(32, dissector.payloadLength());
    }

    @Test
    void shouldDecodeEthernetIpv6Tcp() {
        dissect(LinkType.ETHERNET, ethernet(0x86dd).then(Frames.ipv6Tcp(5)));

        assertDecoded(ETHERNET | IPV6 | TCP);
        assertEquals(EtherTypes.IPV6, dissector.networkType());
        assertEquals(443, dissector.tcp().destinationPort());
        assertEquals(14 + 40 + 20, dissector.payloadOffset());
        assertEquals(5, dissector.payloadLength());
    }

    @Test
    void shouldDecodeEthernetIpv6Udp() {
        dissect(LinkType.ETHERNET, ethernet(0x86dd).then(Frames.ipv6Udp(12)));

        assertDecoded(ETHERNET | IPV6 | UDP);
        assertEquals(53, dissector.udp().destinationPort());
        assertEquals(12, dissector.payloadLength());
    }

    @Test
    void shouldDecodeEthernetIpv6Icmpv6() {
        dissect(LinkType.ETHERNET, ethernet(0x86dd).then(Frames.ipv6Icmp(8)));

        assertDecoded(ETHERNET | IPV6 | ICMP);
        assertEquals(EtherTypes.PROTO_ICMPV6, dissector.ipProtocol());
        assertTrue(dissector.icmp().isVersion6());
        assertTrue(dissector.icmp().isEcho());
    }

    @Test
    void shouldDecodeUdpAfterIpv6ExtensionHeaders() {
        dissect(LinkType.ETHERNET, ethernet(0x86dd)
                .then(Frames.ipv6(Frames.HOP_BY_HOP, 8 + 8 + 8 + 3))
                .then(Frames.ipv6Options(Frames.DESTINATION_OPTIONS))
                .then(Frames.ipv6Options(17))
                .then(Frames.udp(3)).payload(3));

        assertDecoded(ETHERNET | IPV6 | UDP);
        assertEquals(EtherTypes.PROTO_UDP, dissector.ipProtocol());
        assertEquals(14 + 40 + 16 + 8, dissector.payloadOffset());
        assertEquals(3, dissector.payloadLength());
    }

    @Test
    void shouldDecodeArp() {
        dissect(LinkType.ETHERNET, ethernet(0x0806).then(Frames.arpRequest()).zeros(18));

        assertDecoded(ETHERNET | ARP);
        assertEquals(EtherTypes.ARP, dissector.networkType());
        assertEquals(-1, dissector.ipProtocol());
        assertEquals(1, dissector.arp().operation());
        assertEquals(0xc000_02fe, dissector.arp().targetIp());
    }

    @Test
    void shouldDecodeReverseArpLikeArp() {
        dissect(LinkType.ETHERNET, ethernet(0x8035).then(Frames.arpRequest().set16(6, 3)));  // RARP request

        assertDecoded(ETHERNET | ARP);
        assertEquals(3, dissector.arp().operation());
    }

    @Test
    void shouldKeepANonFirstIpv4FragmentAtTheNetworkLayer() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4Fragment(6, 16, 0x2003)).payload(16));  // MF, 24

        assertDecoded(ETHERNET | IPV4);
        assertEquals(EtherTypes.PROTO_TCP, dissector.ipProtocol());
        assertEquals(3, dissector.ipv4().fragmentOffset());
        assertEquals(14 + 20, dissector.payloadOffset());
        assertEquals(16, dissector.payloadLength());
    }

    @Test
    void shouldDecodeTheTransportOfAFirstIpv4Fragment() {
        Bytes tcp = Frames.tcp(TcpHeader.ACK).payload(12);
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4Fragment(6, 32, 0x2000)).then(tcp));  // MF, 0

        assertDecoded(ETHERNET | IPV4 | TCP);
        assertTrue(dissector.ipv4().moreFragments());
        assertEquals(12, dissector.payloadLength());
    }

    @Test
    void shouldKeepANonFirstIpv6FragmentAtTheNetworkLayer() {
        dissect(LinkType.ETHERNET, ethernet(0x86dd).then(Frames.ipv6(Frames.FRAGMENT, 8 + 16))
                .then(Frames.ipv6Fragment(17, 185, false, 0xdead_beefL)).payload(16));

        assertDecoded(ETHERNET | IPV6);
        assertEquals(EtherTypes.PROTO_UDP, dissector.ipProtocol());
        assertTrue(dissector.ipv6().isFragment());
        assertEquals(185, dissector.ipv6().fragmentOffset());
        assertEquals(0xdead_beefL, dissector.ipv6().fragmentIdentification());
        assertEquals(14 + 48, dissector.payloadOffset());
        assertEquals(16, dissector.payloadLength());
    }

    @Test
    void shouldDecodeTheTransportOfAFirstIpv6Fragment() {
        dissect(LinkType.ETHERNET, ethernet(0x86dd).then(Frames.ipv6(Frames.FRAGMENT, 8 + 8 + 4))
                .then(Frames.ipv6Fragment(17, 0, true, 1)).then(Frames.udp(1200)).payload(4));

        assertDecoded(ETHERNET | IPV6 | UDP);
        assertTrue(dissector.ipv6().moreFragments());
        assertEquals(4, dissector.payloadLength());
    }

    @Test
    void shouldNotCountEthernetPaddingAsPayload() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(ipv4Udp(2)).zeros(16));  // padded to 60 bytes

        assertDecoded(ETHERNET | IPV4 | UDP);
        assertEquals(2, dissector.payloadLength());
    }

    @Test
    void shouldKeepTheLayersDecodedWhenTheSnapLengthCutsTheTcpHeader() {
        byte[] frame = ethernet(0x0800).then(ipv4Tcp(100)).array(14 + 20 + 10);  // snaplen 44

        assertEquals(DecodeStatus.TRUNCATED_TCP.code(), dissector.dissect(Frames.packet(LinkType.ETHERNET, frame)));

        assertEquals(ETHERNET | IPV4, dissector.layers());
        assertEquals(140, dissector.ipv4().totalLength());
        assertEquals(1, dissector.errors(DecodeStatus.TRUNCATED_TCP));
    }

    @Test
    void shouldDecodeEveryHeaderWhenTheSnapLengthCutsOnlyThePayload() {
        byte[] frame = ethernet(0x0800).then(ipv4Tcp(1000)).array(96);  // snaplen 96

        dissector.dissect(Frames.packet(LinkType.ETHERNET, frame));

        assertDecoded(ETHERNET | IPV4 | TCP);
        assertEquals(96 - 54, dissector.payloadLength());
    }

    @Test
    void shouldEndAtTheLinkLayerForAnEtherTypeItDoesNotKnow() {
        dissect(LinkType.ETHERNET, ethernet(0x88cc).payload(40));  // LLDP

        assertDecoded(ETHERNET);
        assertEquals(0x88cc, dissector.networkType());
        assertEquals(-1, dissector.ipProtocol());
    }

    @Test
    void shouldLeaveAnotherIpProtocolAsPayload() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4(47, 24)).payload(24));  // GRE

        assertDecoded(ETHERNET | IPV4);
        assertEquals(47, dissector.ipProtocol());
        assertEquals(14 + 20, dissector.payloadOffset());
        assertEquals(24, dissector.payloadLength());
    }

    @Test
    void shouldNotDecodeIcmpv4InsideIpv6() {
        dissect(LinkType.ETHERNET, ethernet(0x86dd).then(Frames.ipv6(1, 8)).then(Frames.icmpEcho(8)));

        assertDecoded(ETHERNET | IPV6);
        assertEquals(1, dissector.ipProtocol());
        assertEquals(8, dissector.payloadLength());
    }

    @Test
    void shouldNotDecodeIcmpv6InsideIpv4() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(Frames.ipv4(58, 8)).then(Frames.icmpEcho(128)));

        assertDecoded(ETHERNET | IPV4);
        assertEquals(58, dissector.ipProtocol());
    }

    @Test
    void shouldForgetThePreviousPacket() {
        dissect(LinkType.ETHERNET, ethernet(0x8100).then(vlan(5, 0x0800)).then(ipv4Tcp(4)));

        dissect(LinkType.ETHERNET, ethernet(0x0806).then(Frames.arpRequest()));

        assertDecoded(ETHERNET | ARP);
        assertEquals(0, dissector.vlanCount());
        assertEquals(-1, dissector.ipProtocol());
        assertEquals(0, dissector.payloadLength());
        assertEquals(2, dissector.packets());
    }

    @Test
    void shouldReadOnlyTheCapturedBytesAtThePacketsOffset() {
        byte[] frame = ethernet(0x0800).then(ipv4Udp(4)).array();
        byte[] memory = new byte[7 + frame.length + 100];
        Arrays.fill(memory, (byte) 0x45);  // around the packet: bytes that look like IPv4
        System.arraycopy(frame, 0, memory, 7, frame.length);
        Packet packet = new Packet().wrap(MemorySegment.ofArray(memory), 7, frame.length, 1500, 1L,
                LinkType.ETHERNET, 0, 42);

        dissector.dissect(packet);

        assertDecoded(ETHERNET | IPV4 | UDP);
        assertEquals(7 + 14 + 20 + 8, dissector.payloadOffset());
        assertEquals(4, dissector.payloadLength());
    }

    @Test
    void shouldCountPacketsAndFaultsAcrossCalls() {
        dissect(LinkType.ETHERNET, ethernet(0x0800).then(ipv4Udp(0)));
        dissect(LinkType.ETHERNET, Bytes.bytes().zeros(10));  // cut Ethernet header
        dissect(LinkType.ETHERNET, Bytes.bytes().zeros(10));  // and again

        assertEquals(3, dissector.packets());
        assertEquals(2, dissector.errors(DecodeStatus.TRUNCATED_LINK_HEADER));
    }
}
