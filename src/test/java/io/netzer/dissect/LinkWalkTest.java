package io.netzer.dissect;

import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.ipv4Udp;
import static io.netzer.dissect.Frames.mpls;
import static io.netzer.dissect.Frames.vlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one walk to the network header, which the dissector and a file worker's share both take. */
class LinkWalkTest {
    private static final int LINK_LAYERS = Dissector.ETHERNET | Dissector.LINUX_COOKED | Dissector.LOOPBACK
            | Dissector.VLAN | Dissector.MPLS | Dissector.PPP | Dissector.CISCO_HDLC | Dissector.PPPOE;

    private final FaultRecord fault = new FaultRecord();
    private final LinkWalk walk = new LinkWalk(fault);

    static Iterable<Frames.Frame> validFrames() {
        return Frames.valid();
    }

    @ParameterizedTest
    @MethodSource("validFrames")
    void shouldStopAtTheHeaderTheDissectorDecodesNextWithTheSameLinkLayers(Frames.Frame frame) {
        Dissector dissector = new Dissector();
        assertEquals(0, dissector.dissect(Frames.packet(frame.linkType(), frame.bytes())), frame.name());
        MemorySegment segment = MemorySegment.ofArray(frame.bytes());

        long position = walk(frame.linkType(), frame.bytes());

        assertTrue(position >= 0 && position < frame.bytes().length, frame.name() + ": " + position);
        assertEquals(dissector.layers() & LINK_LAYERS, walk.layers(), frame.name());
        assertEquals(dissector.outerVlanCount(), walk.vlanCount(), frame.name());
        assertEquals(dissector.mplsLabelCount(), walk.mplsLabelCount(), frame.name());
        if (walk.networkType() == EtherTypes.ARP) {
            assertEquals(Frames.arpRequest().array().length, new ArpPacket().wrap(segment, position,
                    frame.bytes().length - (int) position), frame.name());
        } else {
            assertEquals(walk.networkType(), LinkWalk.etherTypeOfIpVersion(segment, position, frame.bytes().length),
                    frame.name());
        }
        if (!dissector.has(Dissector.TUNNEL)) {
            assertEquals(dissector.networkType(), walk.networkType(), frame.name());
        }
    }

    @Test
    void shouldReachTheNetworkHeaderPastEveryKindOfLinkHeader() {
        byte[] ip = ipv4Udp(4).array();
        assertEquals(14, walk(LinkType.ETHERNET, ethernet(0x0800).then(ipv4Udp(4)).array()));
        assertEquals(14 + 4 + 4, walk(LinkType.ETHERNET, ethernet(0x88a8).then(vlan(100, 0x8100))
                .then(vlan(200, 0x0800)).then(ipv4Udp(4)).array()));
        assertEquals(2, walk.vlanCount());
        assertEquals(200, walk.vlanId(1));
        assertEquals(16, walk(LinkType.LINUX_SLL, Frames.sllV1(0x0800).then(ipv4Udp(4)).array()));
        assertEquals(20, walk(LinkType.LINUX_SLL2, Frames.sllV2(0x0800, 2).then(ipv4Udp(4)).array()));
        assertEquals(4, walk(LinkType.NULL, Frames.loopbackLittleEndian(2).then(ipv4Udp(4)).array()));
        assertEquals(0, walk(LinkType.RAW, ip));
        assertEquals(0, walk(LinkType.IPV4, ip));
        assertEquals(4, walk(LinkType.PPP, Frames.ppp(0x0021, ipv4Udp(4))));
        assertEquals(4, walk(LinkType.C_HDLC, Bytes.bytes().hex("0f 00 0800").then(ipv4Udp(4)).array()));
        assertEquals(14 + 8, walk(LinkType.ETHERNET, ethernet(0x8864).hex("11 00 1234 0016 0021")
                .then(ipv4Udp(0)).array()));
        assertEquals(14 + 8, walk(LinkType.ETHERNET, ethernet(0x8847).then(mpls(16, false)).then(mpls(17, true))
                .then(ipv4Udp(4)).array()));
        assertEquals(14, walk.mplsOffset());
        assertEquals(EtherTypes.IPV4, walk.networkType());
    }

    @Test
    void shouldForgetTheTagsAndLabelsOfTheFrameBefore() {
        walk(LinkType.ETHERNET, ethernet(0x8847).then(mpls(16, true)).then(ipv4Udp(4)).array());
        walk(LinkType.ETHERNET, ethernet(0x8100).then(vlan(7, 0x0800)).then(ipv4Udp(4)).array());
        walk(LinkType.ETHERNET, ethernet(0x0800).then(ipv4Udp(4)).array());

        assertEquals(Dissector.ETHERNET, walk.layers());
        assertEquals(0, walk.vlanCount());
        assertEquals(0, walk.outerVlanCount());
        assertEquals(0, walk.mplsLabelCount());
    }

    @Test
    void shouldRecordWhereATagWasCutWithItsLengths() {
        byte[] frame = ethernet(0x8100).then(vlan(7, 0x8100)).then(vlan(8, 0x0800)).array();

        assertEquals(-1, walk(LinkType.ETHERNET, Arrays.copyOf(frame, 14 + 4 + 3)));

        assertEquals(DecodeStatus.TRUNCATED_VLAN_TAG.code(), fault.status());
        assertEquals(DecodeLayer.VLAN, fault.layer());
        assertEquals(14 + 4, fault.offset());
        assertEquals(4, fault.required());
        assertEquals(3, fault.actual());
        assertEquals(1, walk.vlanCount());
    }

    @Test
    void shouldRefuseAnUnsupportedLinkType() {
        assertEquals(-1, walk(147, ipv4Udp(4).array()));

        assertEquals(DecodeStatus.UNSUPPORTED_LINK_TYPE.code(), fault.status());
        assertEquals(-1, walk.networkType());
    }

    @ParameterizedTest
    @MethodSource("validFrames")
    void shouldStopWithAFaultOrInsideTheFrameAtEveryCutWithoutThrowing(Frames.Frame frame) {
        for (int length = 0; length < frame.bytes().length; length++) {
            long position = walk(frame.linkType(), Arrays.copyOf(frame.bytes(), length));

            String cut = frame.name() + " cut at " + length;
            assertTrue(position >= -1 && position <= length, cut + ": " + position);
            assertEquals(position < 0, fault.status() < 0, cut);
        }
    }

    private long walk(int linkType, byte[] bytes) {
        fault.start(0);
        return walk.walk(linkType, MemorySegment.ofArray(bytes), 0, bytes.length);
    }
}
