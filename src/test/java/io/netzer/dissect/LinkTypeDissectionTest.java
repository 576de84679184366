package io.netzer.dissect;

import static io.netzer.dissect.Dissector.CISCO_HDLC;
import static io.netzer.dissect.Dissector.ETHERNET;
import static io.netzer.dissect.Dissector.IPV4;
import static io.netzer.dissect.Dissector.IPV6;
import static io.netzer.dissect.Dissector.PPP;
import static io.netzer.dissect.Dissector.PPPOE;
import static io.netzer.dissect.Dissector.TCP;
import static io.netzer.dissect.Dissector.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.testing.LinkTypeFrames;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PPP (framed, bare, compressed protocol field), Cisco HDLC, PPPoE sessions, raw IPv4 and raw IPv6 link types. */
class LinkTypeDissectionTest {
    private final DissectorFixture fixture = new DissectorFixture();
    private final Dissector dissector = fixture.dissector;

    private int dissect(int linkType, byte[] frame) {
        return dissector.dissect(Frames.packet(linkType, frame));
    }

    @Test
    void shouldDecodeIpInPppWithAndWithoutHdlcFraming() {
        assertEquals(0, dissect(LinkType.PPP, LinkTypeFrames.ppp(Frames.ipv4Tcp(3).array(), true)));
        fixture.assertDecoded(PPP | IPV4 | TCP);
        assertEquals(0x0021, dissector.ppp().protocol());
        assertEquals(4 + 20 + 20, dissector.payloadOffset());

        assertEquals(0, dissect(LinkType.PPP, LinkTypeFrames.ppp(Frames.ipv6Udp(2).array(), false)));
        fixture.assertDecoded(PPP | IPV6 | UDP);
        assertEquals(EtherTypes.IPV6, dissector.networkType());
    }

    @Test
    void shouldReadACompressedProtocolField() {
        byte[] ip = Frames.ipv4Udp(1).array();
        byte[] frame = new byte[3 + ip.length];
        frame[0] = (byte) 0xff;         // address
        frame[1] = 0x03;                // control
        frame[2] = 0x21;                // protocol IPv4 in one byte (odd: compressed)
        System.arraycopy(ip, 0, frame, 3, ip.length);
        assertEquals(0, dissect(LinkType.PPP_HDLC, frame));
        fixture.assertDecoded(PPP | IPV4 | UDP);
    }

    @Test
    void shouldEndAtTheLinkLayerForPppControlProtocols() {
        assertEquals(0, dissect(LinkType.PPP, LinkTypeFrames.pppEchoRequest()));
        fixture.assertDecoded(PPP);
        assertEquals(0xc021, dissector.ppp().protocol());
        assertEquals(-1, dissector.networkType());
    }

    @Test
    void shouldCountACutPppHeader() {
        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), dissect(LinkType.PPP, new byte[] {(byte) 0xff, 3}));
        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), dissect(LinkType.PPP, new byte[] {0}));
    }

    @Test
    void shouldDecodeCiscoHdlcAndCiscoHdlcFramesInPppHdlcFiles() {
        byte[] frame = LinkTypeFrames.ciscoHdlc(Frames.ipv4Tcp(0).array());
        assertEquals(0, dissect(LinkType.C_HDLC, frame));
        fixture.assertDecoded(CISCO_HDLC | IPV4 | TCP);
        assertEquals(0x0f, dissector.ciscoHdlc().address());

        assertEquals(0, dissect(LinkType.PPP_HDLC, frame));
        fixture.assertDecoded(CISCO_HDLC | IPV4 | TCP);

        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), dissect(LinkType.C_HDLC, new byte[] {0x0f, 0, 8}));
    }

    @Test
    void shouldDecodeAPppoeSession() {
        assertEquals(0, dissect(LinkType.ETHERNET, LinkTypeFrames.pppoe(Frames.ipv6Tcp(1).array())));
        fixture.assertDecoded(ETHERNET | PPPOE | PPP | IPV6 | TCP);
        assertEquals(0x1234, dissector.pppoe().sessionId());
    }

    @Test
    void shouldCountACutOrUnknownPppoeHeader() {
        byte[] frame = LinkTypeFrames.pppoe(Frames.ipv4Udp(0).array());
        assertEquals(DecodeStatus.TRUNCATED_PPPOE.code(), dissect(LinkType.ETHERNET,
                Arrays.copyOf(frame, 14 + 7)));
        frame[14] = 0x21;               // version 2
        assertEquals(DecodeStatus.BAD_PPPOE_VERSION.code(), dissect(LinkType.ETHERNET, frame));
    }

    @Test
    void shouldDecodeRawIpv4AndRawIpv6AndRefuseTheOtherVersion() {
        assertEquals(0, dissect(LinkType.IPV4, Frames.ipv4Udp(2).array()));
        fixture.assertDecoded(IPV4 | UDP);
        assertEquals(0, dissect(LinkType.IPV6, Frames.ipv6Tcp(2).array()));
        fixture.assertDecoded(IPV6 | TCP);

        assertEquals(DecodeStatus.BAD_IP_VERSION.code(), dissect(LinkType.IPV4, Frames.ipv6Tcp(0).array()));
        assertEquals(DecodeStatus.BAD_IP_VERSION.code(), dissect(LinkType.IPV6, Frames.ipv4Tcp(0).array()));
    }
}
