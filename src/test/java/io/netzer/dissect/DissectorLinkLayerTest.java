package io.netzer.dissect;

import static io.netzer.dissect.Dissector.ARP;
import static io.netzer.dissect.Dissector.ETHERNET;
import static io.netzer.dissect.Dissector.ICMP;
import static io.netzer.dissect.Dissector.IPV4;
import static io.netzer.dissect.Dissector.IPV6;
import static io.netzer.dissect.Dissector.LINUX_COOKED;
import static io.netzer.dissect.Dissector.LOOPBACK;
import static io.netzer.dissect.Dissector.MPLS;
import static io.netzer.dissect.Dissector.TCP;
import static io.netzer.dissect.Dissector.UDP;
import static io.netzer.dissect.Dissector.VLAN;
import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.ipv4Tcp;
import static io.netzer.dissect.Frames.ipv4Udp;
import static io.netzer.dissect.Frames.vlan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole valid frames under every link type, VLAN tag stack and MPLS label stack. */
class DissectorLinkLayerTest {
    private final DissectorFixture fixture = new DissectorFixture();
    private final Dissector dissector = fixture.dissector;

    private int dissect(int linkType, Bytes frame) {
        return fixture.dissect(linkType, frame);
    }

    private void assertDecoded(int layers) {
        fixture.assertDecoded(layers);
    }

    @Test
    void shouldDecodeLinuxCookedV1() {
        dissect(LinkType.LINUX_SLL, Frames.sllV1(0x0800).then(ipv4Tcp(3)));

        assertDecoded(LINUX_COOKED | IPV4 | TCP);
        assertEquals(Frames.SOURCE_MAC, dissector.cooked().sourceMac());
        assertEquals(16 + 20 + 20, dissector.payloadOffset());
    }

    @Test
    void shouldDecodeLinuxCookedV2() {
        dissect(LinkType.LINUX_SLL2, Frames.sllV2(0x86dd, 0x8000_0002L).then(Frames.ipv6Udp(3)));

        assertDecoded(LINUX_COOKED | IPV6 | UDP);
        assertEquals(0x8000_0002L, dissector.cooked().interfaceIndex());
        assertEquals(20 + 40 + 8, dissector.payloadOffset());
    }

    @Test
    void shouldDecodeArpUnderLinuxCooked() {
        dissect(LinkType.LINUX_SLL, Frames.sllV1(0x0806).then(Frames.arpRequest()));

        assertDecoded(LINUX_COOKED | ARP);
    }

    @Test
    void shouldDecodeLoopbackIpv4FromALittleEndianHost() {
        dissect(LinkType.NULL, Frames.loopbackLittleEndian(2).then(Frames.ipv4Icmp(4)));

        assertDecoded(LOOPBACK | IPV4 | ICMP);
        assertEquals(4 + 20 + 8, dissector.payloadOffset());
    }

    @Test
    void shouldDecodeLoopbackIpv6FromABigEndianHost() {
        dissect(LinkType.NULL, Frames.loopbackBigEndian(24).then(Frames.ipv6Tcp(4)));

        assertDecoded(LOOPBACK | IPV6 | TCP);
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD})
    void shouldDecodeRawIpv4(int linkType) {
        dissect(linkType, ipv4Udp(4));

        assertDecoded(IPV4 | UDP);
        assertEquals(EtherTypes.IPV4, dissector.networkType());
        assertEquals(20 + 8, dissector.payloadOffset());
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD})
    void shouldDecodeRawIpv6(int linkType) {
        dissect(linkType, Frames.ipv6Icmp(4));

        assertDecoded(IPV6 | ICMP);
        assertEquals(EtherTypes.IPV6, dissector.networkType());
    }

    @Test
    void shouldDecodeAnIeee8021qTag() {
        dissect(LinkType.ETHERNET, ethernet(0x8100).then(vlan(100, 0x0800)).then(ipv4Udp(4)));

        assertDecoded(ETHERNET | VLAN | IPV4 | UDP);
        assertEquals(1, dissector.vlanCount());
        assertEquals(100, dissector.vlanId(0));
        assertEquals(EtherTypes.IPV4, dissector.networkType());
        assertEquals(14 + 4 + 20 + 8, dissector.payloadOffset());
    }

    @Test
    void shouldDecodeQinQ8021adOver8021q() {
        dissect(LinkType.ETHERNET, ethernet(0x88a8).then(vlan(100, 0x8100)).then(vlan(200, 0x86dd))
                .then(Frames.ipv6Udp(4)));

        assertDecoded(ETHERNET | VLAN | IPV6 | UDP);
        assertEquals(2, dissector.vlanCount());
        assertEquals(100, dissector.vlanId(0));
        assertEquals(200, dissector.vlanId(1));
    }

    @Test
    void shouldDecodeThreeStackedTags() {
        dissect(LinkType.ETHERNET, ethernet(0x9100).then(vlan(10, 0x88a8)).then(vlan(20, 0x8100))
                .then(vlan(4095, 0x0800)).then(ipv4Tcp(0)));

        assertDecoded(ETHERNET | VLAN | IPV4 | TCP);
        assertEquals(3, dissector.vlanCount());
        assertEquals(10, dissector.vlanId(0));
        assertEquals(20, dissector.vlanId(1));
        assertEquals(4095, dissector.vlanId(2));
    }

    @Test
    void shouldDecodeEightStackedTagsTheCap() {
        Bytes frame = ethernet(0x8100);
        for (int i = 1; i <= Dissector.MAX_VLAN_TAGS; i++) {
            frame.then(vlan(i, i < Dissector.MAX_VLAN_TAGS ? 0x8100 : 0x0800));
        }
        dissect(LinkType.ETHERNET, frame.then(ipv4Udp(0)));

        assertDecoded(ETHERNET | VLAN | IPV4 | UDP);
        assertEquals(Dissector.MAX_VLAN_TAGS, dissector.vlanCount());
        assertEquals(8, dissector.vlanId(7));
    }

    @Test
    void shouldDecodeMplsToIpv4() {
        dissect(LinkType.ETHERNET, ethernet(0x8847).then(Frames.mpls(16, false)).then(Frames.mpls(1048575, true))
                .then(ipv4Udp(4)));

        assertDecoded(ETHERNET | MPLS | IPV4 | UDP);
        assertEquals(EtherTypes.IPV4, dissector.networkType());
        assertEquals(14 + 8 + 20 + 8, dissector.payloadOffset());
    }

    @Test
    void shouldDecodeMulticastMplsToIpv6UnderAVlanTag() {
        dissect(LinkType.ETHERNET, ethernet(0x8100).then(vlan(7, 0x8848)).then(Frames.mpls(3, true))
                .then(Frames.ipv6Tcp(0)));

        assertDecoded(ETHERNET | VLAN | MPLS | IPV6 | TCP);
        assertEquals(EtherTypes.IPV6, dissector.networkType());
    }
}
